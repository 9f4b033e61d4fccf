package io.rusm.storm;

import io.rusm.ProcessBody;
import io.rusm.ProcessContext;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * The body of one storm process, as a {@link StormBody} describes it. Immutable: the spawners share one
 * instance for all ordinary processes and one for all failing ones, so a spawn allocates no body of its
 * own; only the sampled processes (one in {@value SpawnStorm#LATENCY_SAMPLE_EVERY}) get their own
 * instance, carrying the time of their spawn.
 */
final class StormProcess implements ProcessBody {

  private final long sleepNanos;
  private final long spinNanos;
  private final boolean fail;
  // Null for unsampled processes; a Recorder takes values from many threads at once.
  private final Recorder latency;
  private final long spawnedAtNanos;

  private StormProcess(long sleepNanos, long spinNanos, boolean fail, Recorder latency, long spawnedAtNanos) {
    this.sleepNanos = sleepNanos;
    this.spinNanos = spinNanos;
    this.fail = fail;
    this.latency = latency;
    this.spawnedAtNanos = spawnedAtNanos;
  }

  /** The unsampled body for {@code body}: failing with a {@link StormFailure} if {@code fail}. */
  static StormProcess of(StormBody body, boolean fail) {
    return new StormProcess(body.sleep().toNanos(), body.spin().toNanos(), fail, null, 0);
  }

  /** This body, recording into {@code latency} the time from {@code spawnedAtNanos} to its start. */
  StormProcess sampled(Recorder latency, long spawnedAtNanos) {
    return new StormProcess(sleepNanos, spinNanos, fail, latency, spawnedAtNanos);
  }

  @Override
  public void run(ProcessContext ctx) throws InterruptedException {
    if (latency != null) {
      LatencyRecorders.record(latency, System.nanoTime() - spawnedAtNanos);
    }
    if (sleepNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(sleepNanos);
    }
    if (spinNanos > 0) {
      spin(ctx);
    }
    if (sleepNanos == 0 && spinNanos == 0) {
      Thread.yield();
    }
    if (fail) {
      throw new StormFailure();
    }
  }

  private void spin(ProcessContext ctx) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < spinNanos && !ctx.isKilled()) {
      Thread.onSpinWait();
    }
  }
}
