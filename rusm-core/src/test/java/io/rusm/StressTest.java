package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A million spawns from several threads, with kills landing before start, while the body runs, and after
 * exit: every count is exact and the table ends empty.
 */
class StressTest {

  private static final int SPAWNERS = 4;
  private static final int PER_SPAWNER = 250_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aMillionSpawnsWithKillsAtEveryMomentLeaveTheTableEmptyAndTheCountsExact() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().maxProcesses(20_000)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      LongAdder bodiesRun = new LongAdder();
      LongAdder killsLanded = new LongAdder();
      LongAdder failuresPlanned = new LongAdder();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> spawners = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(SPAWNERS)) {
        for (int s = 0; s < SPAWNERS; s++) {
          long seed = s;
          spawners.add(pool.submit(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            go.await();
            ProcessRef previous = null;
            for (int i = 0; i < PER_SPAWNER; i++) {
              int choice = random.nextInt(8);
              boolean fail = choice == 7;
              if (fail) {
                failuresPlanned.increment();
              }
              ProcessRef handle = spawnWithBackPressure(runtime, ctx -> {
                bodiesRun.increment();
                Thread.yield();
                if (fail) {
                  throw new IllegalStateException("planned");
                }
              });
              // 0: at once (often before the body starts); 1: the previous one (running or gone).
              if (choice == 0 && handle.kill()) {
                killsLanded.increment();
              } else if (choice == 1 && previous != null && previous.kill()) {
                killsLanded.increment();
              }
              previous = handle;
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : spawners) {
          f.get();
        }
      }
      runtime.shutdown(Duration.ofMinutes(1));

      long total = (long) SPAWNERS * PER_SPAWNER;
      assertThat(runtime.spawned()).isEqualTo(total);
      assertThat(runtime.finished()).isEqualTo(total);
      assertThat(runtime.live()).isZero();
      assertThat(runtime.processes(Integer.MAX_VALUE)).isEmpty();
      assertThat(runtime.finished(Exit.Outcome.KILLED)).isEqualTo(killsLanded.sum());
      assertThat(runtime.finished(Exit.Outcome.NORMAL) + runtime.finished(Exit.Outcome.FAILED))
          .isEqualTo(total - killsLanded.sum());
      assertThat(runtime.finished(Exit.Outcome.FAILED)).isLessThanOrEqualTo(failuresPlanned.sum());
      assertThat(bodiesRun.sum()).isLessThanOrEqualTo(total).isGreaterThanOrEqualTo(total - killsLanded.sum());
    }
  }

  private static ProcessRef spawnWithBackPressure(ProcessRuntime runtime, ProcessBody body) {
    while (true) {
      try {
        return runtime.spawn(body);
      } catch (ProcessLimitExceededException full) {
        Thread.yield();
      }
    }
  }
}
