package io.rusm.storm;

import io.rusm.Exit;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Turns readings of the runtime's counters and the latency recorder into {@link StormTick}s and the
 * final {@link StormReport}. Counts are relative to the readings taken when the storm started; the live
 * count is the runtime's own. Not thread-safe: only the storm's sampler thread uses it.
 */
final class StormSampler {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MICRO = 1e3;

  private final ProcessRuntime runtime;
  private final Recorder latency;
  private final LongAccumulator spawnerPeakLive;
  private final long startNanos;
  private final Counts base;
  private final Histogram total = new Histogram(3);
  // Handed back to the recorder each tick, so ticking allocates no histogram.
  private Histogram interval;
  private long lastNanos;
  private long lastSpawned;
  private long peakLive;
  private double peakRate;

  StormSampler(ProcessRuntime runtime, Recorder latency, LongAccumulator spawnerPeakLive, long startNanos) {
    this.runtime = runtime;
    this.latency = latency;
    this.spawnerPeakLive = spawnerPeakLive;
    this.startNanos = startNanos;
    this.lastNanos = startNanos;
    this.base = Counts.read(runtime);
  }

  /** A tick at {@code nowNanos}, covering the time since the previous one. */
  StormTick tick(long nowNanos) {
    Counts c = Counts.read(runtime).since(base);
    double rate = (c.spawned - lastSpawned) * NANOS_PER_SECOND / Math.max(1, nowNanos - lastNanos);
    interval = latency.getIntervalHistogram(interval);
    total.add(interval);
    peakLive = Math.max(peakLive, Math.max(c.live, spawnerPeakLive.get()));
    peakRate = Math.max(peakRate, rate);
    lastNanos = nowNanos;
    lastSpawned = c.spawned;
    return new StormTick(Duration.ofNanos(nowNanos - startNanos), c.spawned, c.normal, c.killed, c.failed,
        c.live, peakLive, rate, latencyOf(interval));
  }

  /**
   * Whether every process spawned since the start has exited and the live count is back where it was.
   * A process is counted as finished a moment before it stops counting as live, hence both checks.
   */
  boolean drained() {
    Counts c = Counts.read(runtime).since(base);
    return c.finished() >= c.spawned && c.live <= base.live;
  }

  /** The report of a storm whose spawners ran from the start until {@code spawningEndNanos}. */
  StormReport report(long spawningEndNanos, int spawners) {
    Counts c = Counts.read(runtime).since(base);
    long elapsed = Math.max(1, spawningEndNanos - startNanos);
    return new StormReport(Duration.ofNanos(elapsed), spawners, c.spawned, c.normal, c.killed, c.failed,
        peakLive, c.spawned * NANOS_PER_SECOND / elapsed, peakRate, latencyOf(total),
        c.spawned == c.finished() && c.live == base.live);
  }

  private static Latency latencyOf(Histogram h) {
    return new Latency(h.getValueAtPercentile(50) / NANOS_PER_MICRO, h.getValueAtPercentile(95) / NANOS_PER_MICRO,
        h.getValueAtPercentile(99) / NANOS_PER_MICRO, h.getTotalCount());
  }

  /** One reading of the runtime's counters. */
  private record Counts(long spawned, long normal, long killed, long failed, long live) {

    // Exits are read before spawns: a process is counted as spawned before it can exit, so a reading
    // never shows more exits than spawns.
    static Counts read(ProcessRuntime runtime) {
      long normal = runtime.finished(Exit.Outcome.NORMAL);
      long killed = runtime.finished(Exit.Outcome.KILLED);
      long failed = runtime.finished(Exit.Outcome.FAILED);
      long spawned = runtime.spawned();
      return new Counts(spawned, normal, killed, failed, runtime.live());
    }

    /** These counts less {@code base}'s; the live count stays absolute. */
    Counts since(Counts base) {
      return new Counts(spawned - base.spawned, normal - base.normal, killed - base.killed,
          failed - base.failed, live);
    }

    long finished() {
      return normal + killed + failed;
    }
  }
}
