package io.rusm.storm;

/**
 * Spawn-to-start latency percentiles, from a sampled subset of processes: the time from just before
 * {@code spawn} to the body's first instruction.
 *
 * @param p50Micros the median, in microseconds
 * @param p95Micros the 95th percentile, in microseconds
 * @param p99Micros the 99th percentile, in microseconds
 * @param samples how many processes were sampled
 */
public record Latency(double p50Micros, double p95Micros, double p99Micros, long samples) {

  /** No samples. */
  public static final Latency NONE = new Latency(0, 0, 0, 0);
}
