package io.rusm.sample.observer;

import java.util.List;

/**
 * What the observer shows: the runtime's counts, the JVM's heap, and optionally a page of live processes.
 *
 * @param live processes live now
 * @param limit the most processes that may be live at once
 * @param spawned processes spawned since the runtime started
 * @param finished processes that have exited, by outcome
 * @param rejected spawns refused
 * @param heap the JVM's heap
 * @param processes up to the requested number of live processes, or {@code null} when not requested
 */
public record ObserverSnapshot(
    long live,
    int limit,
    long spawned,
    Finished finished,
    long rejected,
    Heap heap,
    List<ProcessRow> processes) {

  /**
   * Exited processes by outcome.
   *
   * @param normal processes that returned
   * @param killed processes that were killed
   * @param failed processes that threw
   */
  public record Finished(long normal, long killed, long failed) {
  }

  /**
   * The JVM's heap, from its {@link java.lang.management.MemoryMXBean}.
   *
   * @param usedBytes in use
   * @param committedBytes reserved from the operating system
   * @param maxBytes the most it may grow to, or -1 if undefined
   */
  public record Heap(long usedBytes, long committedBytes, long maxBytes) {
  }

  /**
   * One live process.
   *
   * @param pid its pid, as {@code <0.42.0>}
   * @param name its name, or {@code null}
   * @param state {@code STARTING}, {@code RUNNING}, {@code WAITING} or {@code EXITING}
   * @param ageMillis how long it has lived
   * @param mailboxLength messages waiting in its mailbox
   * @param links processes linked to it
   */
  public record ProcessRow(String pid, String name, String state, long ageMillis, long mailboxLength, int links) {
  }
}
