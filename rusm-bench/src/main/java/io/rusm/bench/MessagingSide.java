package io.rusm.bench;

import java.time.Duration;

/**
 * One side of a messaging comparison: rusm, a raw virtual-thread mailbox, or a peer runtime. Each round
 * starts fresh processes, runs the workload for the duration, stops them all and reports.
 */
interface MessagingSide extends AutoCloseable {

  /** The side's name in the printed figures. */
  String label();

  /** Runs one round of {@code workload} for {@code duration}; returns once every process of it is gone. */
  Round run(Workload workload, Duration duration) throws Exception;

  @Override
  default void close() throws Exception {}

  /**
   * What one round measured.
   *
   * @param messages messages counted (see {@link Workload#describe()})
   * @param nanos from the start signal to the stop signal
   * @param backlog fan-in: messages waiting in the receiver's mailbox when it stopped; -1 when not measured
   * @param balanced rusm: whether the runtime's message counters balanced after the round; {@code null}
   *     when the side keeps no such counters
   */
  record Round(long messages, long nanos, long backlog, Boolean balanced) {

    Round(long messages, long nanos) {
      this(messages, nanos, -1, null);
    }

    double perSecond() {
      return messages * 1e9 / nanos;
    }
  }
}
