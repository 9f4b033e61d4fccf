package io.rusm;

/**
 * The message a monitor delivers when the process it watches ends (Erlang's {@code {'DOWN', Ref,
 * process, Pid, Reason}}): once per {@link ProcessContext#monitor monitor} call, after every message that
 * process sent the watcher before it ended, or at once, with {@link Exit#noproc} as the reason, if it was
 * already gone.
 *
 * <pre>{@code
 * MonitorRef ref = ctx.monitor(worker);
 * Down down = ctx.receiveMatch(m -> m instanceof Down d && d.ref().equals(ref) ? d : null);
 * }</pre>
 *
 * @param ref the monitor, as {@link ProcessContext#monitor} returned it
 * @param pid the process that ended
 * @param reason how it ended
 */
public record Down(MonitorRef ref, Pid pid, Exit reason) {}
