package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads spawning parked processes against the limit, killing their own oldest to make room, so
 * spawns keep succeeding and being refused, while another thread reads {@code live()} without pause: no
 * reading, from the sampler or from a spawner, ever passes the limit, and the limit is reached.
 */
class LiveNeverPassesLimitTest {

  private static final int LIMIT = 64;
  private static final int SPAWNERS = 8;
  // Each spawner keeps up to this many of its own processes: together more than the limit, so the
  // population is pressed against it and spawns are refused all along.
  private static final int KEEP = 12;
  private static final int ATTEMPTS = 20_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void liveNeverReadsAboveTheLimitWhileManyThreadsSpawnAtIt() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().maxProcesses(LIMIT)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      ProcessBody parked = ctx -> {
        while (!ctx.isKilled()) {
          LockSupport.park();
        }
      };
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch spawnersDone = new CountDownLatch(SPAWNERS);
      LongAccumulator highestSampled = new LongAccumulator(Math::max, Long.MIN_VALUE);
      LongAccumulator highestBySpawners = new LongAccumulator(Math::max, Long.MIN_VALUE);
      LongAdder samples = new LongAdder();
      LongAdder samplesAtLimit = new LongAdder();
      LongAdder refused = new LongAdder();
      LongAdder admitted = new LongAdder();

      Thread sampler = Thread.ofPlatform().name("live-sampler").start(() -> {
        awaitQuietly(go);
        long highest = Long.MIN_VALUE;
        long count = 0;
        long atLimit = 0;
        // Reads until the last spawner is done; the spawners' attempts bound how long that is.
        while (spawnersDone.getCount() > 0) {
          long live = runtime.live();
          highest = Math.max(highest, live);
          count++;
          if (live == LIMIT) {
            atLimit++;
          }
        }
        highestSampled.accumulate(highest);
        samples.add(count);
        samplesAtLimit.add(atLimit);
      });

      List<Thread> spawners = new ArrayList<>();
      for (int s = 0; s < SPAWNERS; s++) {
        spawners.add(Thread.ofPlatform().name("spawner-" + s).start(() -> {
          ArrayDeque<ProcessRef> mine = new ArrayDeque<>();
          try {
            awaitQuietly(go);
            for (int i = 0; i < ATTEMPTS; i++) {
              try {
                mine.addLast(runtime.spawn(parked));
                admitted.increment();
              } catch (ProcessLimitExceededException full) {
                refused.increment();
              }
              highestBySpawners.accumulate(runtime.live());
              if (mine.size() > KEEP || (!mine.isEmpty() && i % 3 == 0)) {
                mine.removeFirst().kill();
              }
            }
          } finally {
            spawnersDone.countDown();
          }
        }));
      }
      go.countDown();
      for (Thread t : spawners) {
        t.join();
      }
      sampler.join();

      assertThat(samples.sum()).isPositive();
      assertThat(highestSampled.get()).as("highest live() the sampler read").isEqualTo(LIMIT);
      assertThat(highestBySpawners.get()).as("highest live() a spawner read").isLessThanOrEqualTo(LIMIT);
      assertThat(samplesAtLimit.sum()).as("sampler readings at the limit").isPositive();
      assertThat(refused.sum()).as("spawns refused at the limit").isPositive();
      assertThat(runtime.rejected()).isEqualTo(refused.sum());

      runtime.shutdown(Duration.ZERO);
      assertThat(runtime.live()).isZero();
      assertThat(runtime.spawned()).isEqualTo(admitted.sum());
      assertThat(runtime.finished()).isEqualTo(admitted.sum());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
