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
 * @param links its links and monitors
 */
public record ProcessInfo(
    Pid pid, String name, ProcessState state, Instant startedAt, long mailboxLength, Links links) {

  /** The most linked pids a {@link Links} lists. */
  public static final int MAX_LINKED_PIDS = 32;

  /**
   * A process's links and monitors at the moment of a snapshot.
   *
   * @param count processes linked to it
   * @param pids up to {@value ProcessInfo#MAX_LINKED_PIDS} of them
   * @param monitoredBy monitors on it, held by other processes
   * @param monitoring monitors it holds on others
   * @param trapsExits whether it traps exits
   */
  public record Links(int count, java.util.List<Pid> pids, int monitoredBy, int monitoring,
      boolean trapsExits) {

    /** @throws NullPointerException if {@code pids} is or holds null */
    public Links {
      pids = java.util.List.copyOf(pids);
    }

    /** No links, no monitors. */
    public static final Links NONE = new Links(0, java.util.List.of(), 0, 0, false);
  }

  /** How long the process had lived at {@code now}. */
  public Duration age(Instant now) {
    Duration age = Duration.between(startedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }
}
