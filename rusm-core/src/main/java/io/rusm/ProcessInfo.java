package io.rusm;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time description of one live process, from {@link ProcessRuntime#processes(int)}.
 *
 * @param pid the process's pid
 * @param name the name given at spawn, or {@code null}
 * @param state its state when the snapshot was taken
 * @param startedAt when its thread began running; for a process still {@link ProcessState#STARTING},
 *     the moment of the snapshot
 * @param mailboxLength messages waiting in its mailbox (Erlang's {@code message_queue_len}), skipped ones
 *     included
 */
public record ProcessInfo(
    Pid pid, String name, ProcessState state, Instant startedAt, long mailboxLength) {

  /** How long the process had lived at {@code now}. */
  public Duration age(Instant now) {
    Duration age = Duration.between(startedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }
}
