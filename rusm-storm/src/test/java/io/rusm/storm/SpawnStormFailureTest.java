package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A storm that fails ends as one that finishes does: its report out, its processes gone. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpawnStormFailureTest {

  @Test
  void aStormWhoseOnTickThrowsAnErrorLeavesNoProcessBehind() {
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build()) {
      StormSettings settings = StormSettings.defaults()
          .withSpawners(1)
          .withLiveCap(50)
          .withTickInterval(Duration.ofMillis(5))
          .withBody(StormBody.yieldOnce().withSleep(Duration.ofSeconds(10)));
      SpawnStorm storm = SpawnStorm.start(runtime, settings, tick -> {
        if (tick.spawned() > 0) {
          throw new AssertionError("onTick fails");
        }
      });

      assertThat(storm.onReport()).failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(ExecutionException.class).withMessageContaining("onTick fails");
      assertThat(storm.isRunning()).isFalse();
      assertThat(runtime.processes(Integer.MAX_VALUE))
          .as("processes of the failed storm %s after its report", storm.processName())
          .noneMatch(p -> storm.processName().equals(p.name()));
      assertThat(runtime.live()).isZero();
    }
  }

  @Test
  void aSpawnThatFailsUnexpectedlyFailsTheStormNamingTheCause() {
    try (ProcessRuntime runtime = ProcessRuntime.builder()
        .decorator(body -> {
          throw new IllegalStateException("decorator refuses");
        })
        .build()) {
      SpawnStorm storm = SpawnStorm.start(runtime, StormSettings.defaults().withSpawners(1)
          .withTickInterval(Duration.ofMillis(50)));

      assertThat(storm.onReport()).failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(ExecutionException.class)
          .withMessageContaining("a spawn failed, and its spawner stopped")
          .havingRootCause().withMessage("decorator refuses");
      assertThat(storm.isRunning()).isFalse();
    }
  }

  @Test
  void aFailedStormGivesUpOnItsProcessesAfterTheKillWait() {
    // Each process, once killed, stays in its finally until the test lets it go: the storm's wait for
    // them can only end at its kill wait.
    CountDownLatch release = new CountDownLatch(1);
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO)
        .decorator(body -> ctx -> {
          try {
            body.run(ctx);
          } finally {
            awaitUninterruptibly(release);
          }
        })
        .build()) {
      StormSettings settings = StormSettings.defaults().withSpawners(1).withLiveCap(50)
          .withTickInterval(Duration.ofMillis(5)).withBody(StormBody.yieldOnce().withSleep(Duration.ofSeconds(10)));
      SpawnStorm storm = SpawnStorm.start(runtime, settings, tick -> {
        if (tick.spawned() > 0) {
          throw new AssertionError("onTick fails");
        }
      }, Duration.ofSeconds(1), Duration.ofMillis(50));

      assertThat(storm.onReport()).failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(ExecutionException.class).withMessageContaining("onTick fails");
      assertThat(runtime.live()).as("the processes the storm gave up on").isPositive();
      release.countDown();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
