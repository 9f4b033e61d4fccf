package io.rusm;

/**
 * The message a process that {@linkplain ProcessContext#trapExits traps exits} receives when a process
 * linked to it ends, however it ends (Erlang's {@code {'EXIT', Pid, Reason}}), normal exits included; or
 * with {@link Exit#noproc} as the reason when it linked to a process that was already gone.
 *
 * @param from the linked process that ended
 * @param reason how it ended
 */
public record ExitSignal(Pid from, Exit reason) {}
