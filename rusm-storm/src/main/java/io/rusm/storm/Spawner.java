package io.rusm.storm;

import io.rusm.ProcessRef;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * One spawner thread's loop: spawn while fewer than the live cap are live, back off politely at the cap,
 * until the storm stops. Records nothing per spawn: the counts come from the runtime's own counters.
 */
final class Spawner implements Runnable {

  // At the cap, yield this many times before parking: processes exit within microseconds under the
  // default body, while sleeping bodies free slots only every so often, and parking then leaves the
  // cores to the processes (two cores here: a spinning spawner would take one of them).
  private static final int YIELDS_BEFORE_PARKING = 16;
  private static final long PARK_NANOS = 100_000;
  private static final int SAMPLE_MASK = SpawnStorm.LATENCY_SAMPLE_EVERY - 1;

  private final SpawnStorm storm;
  private final ProcessRuntime runtime;
  private final String name;
  private final long liveCap;
  private final StormProcess plain;
  private final StormProcess failing;
  private final double failFraction;
  private final double killFraction;
  private final Recorder latency;
  private final LongAdder rejected;
  private final LongAccumulator peakLive;

  Spawner(SpawnStorm storm, ProcessRuntime runtime, StormSettings settings, Recorder latency,
      LongAdder rejected, LongAccumulator peakLive) {
    this.storm = storm;
    this.runtime = runtime;
    this.name = storm.processName();
    this.liveCap = settings.liveCap();
    this.plain = StormProcess.of(settings.body(), false);
    this.failing = StormProcess.of(settings.body(), true);
    this.failFraction = settings.body().failFraction();
    this.killFraction = settings.body().killFraction();
    this.latency = latency;
    this.rejected = rejected;
    this.peakLive = peakLive;
  }

  @Override
  public void run() {
    // Each spawner thread draws from its own generator: no shared random state between spawners.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long attempts = 0;
    long peak = 0;
    int misses = 0;
    while (!storm.isStopping()) {
      long live = runtime.live();
      // The live count read here for the cap is the storm's best view of its peak: the population
      // swings faster than ticks sample it. Only a new high of this spawner's touches shared state.
      if (live > peak) {
        peak = live;
        peakLive.accumulate(live);
      }
      if (live >= liveCap) {
        misses = backOff(misses);
        continue;
      }
      StormProcess body = failFraction > 0 && random.nextDouble() < failFraction ? failing : plain;
      if ((++attempts & SAMPLE_MASK) == 0) {
        body = body.sampled(latency, System.nanoTime());
      }
      ProcessRef process;
      try {
        process = runtime.spawn(name, body);
      } catch (ProcessLimitExceededException atLimit) {
        rejected.increment();
        misses = backOff(misses);
        continue;
      } catch (RejectedExecutionException shutDown) {
        storm.stop();
        return;
      } catch (RuntimeException | Error failed) {
        storm.spawnFailed(failed);
        return;
      }
      misses = 0;
      if (killFraction > 0 && random.nextDouble() < killFraction) {
        process.kill();
      }
    }
  }

  private static int backOff(int misses) {
    if (misses < YIELDS_BEFORE_PARKING) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(PARK_NANOS);
    }
    return misses + 1;
  }
}
