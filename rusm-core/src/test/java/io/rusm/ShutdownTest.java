package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ShutdownTest {

  @Test
  void closeKillsWhatOutlivesTheGracePeriodAndWaitsForEveryExit() throws Exception {
    ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();
    CountDownLatch never = new CountDownLatch(1);
    ProcessRef a = runtime.spawn(ctx -> never.await());
    ProcessRef b = runtime.spawn(ctx -> never.await());

    runtime.close();

    assertThat(a.isAlive()).isFalse();
    assertThat(b.join()).isEqualTo(Exit.killed());
    assertThat(runtime.live()).isZero();
    assertThat(runtime.isShutdown()).isTrue();
    assertThat(runtime.isTerminated()).isTrue();
    assertThat(runtime.toString()).endsWith(", shut down]");
    runtime.close();
    assertThat(runtime.finished(Exit.Outcome.KILLED)).isEqualTo(2);
  }

  @Test
  void processesThatFinishWithinTheGracePeriodExitNormally() throws Exception {
    ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ofDays(1)).build();
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef worker = runtime.spawn(ctx -> release.await());
    CompletableFuture<Void> closed = CompletableFuture.runAsync(runtime::close);

    assertThat(worker.onExit()).isNotDone();
    release.countDown();
    closed.get();
    assertThat(worker.join()).isEqualTo(Exit.normal());
    assertThat(runtime.isTerminated()).isTrue();
  }

  @Test
  void shutdownRefusesNewSpawnsWithAClearException() {
    ProcessRuntime runtime = ProcessRuntime.builder().build();
    runtime.shutdown(Duration.ZERO);
    assertThatThrownBy(() -> runtime.spawn(ctx -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("ProcessRuntime is shut down and accepts no new processes");
    assertThat(runtime.rejected()).isEqualTo(1);
    assertThat(runtime.live()).isZero();
    assertThat(runtime.spawned()).isZero();
    assertThat(runtime.isTerminated()).isTrue();
  }

  @Test
  void aBoundedShutdownReportsAProcessThatIgnoresItsKill() throws Exception {
    ProcessRuntime runtime = ProcessRuntime.builder().build();
    AtomicBoolean stop = new AtomicBoolean();
    ProcessRef stubborn = spawnIgnoringKills(runtime, stop);

    assertThat(runtime.shutdown(Duration.ZERO, Duration.ofMillis(50))).isFalse();
    assertThat(runtime.isTerminated()).isFalse();
    assertThat(runtime.awaitTermination(Duration.ZERO)).isFalse();

    stop.set(true);
    assertThat(stubborn.join()).isEqualTo(Exit.killed());
    assertThat(runtime.awaitTermination(Duration.ofDays(1))).isTrue();
    assertThat(runtime.shutdown(Duration.ZERO, Duration.ZERO)).isTrue();
  }

  @Test
  void anInterruptedShutdownKillsAtOnceAndRestoresTheInterrupt() throws Exception {
    ProcessRuntime runtime = ProcessRuntime.builder().build();
    CountDownLatch never = new CountDownLatch(1);
    ProcessRef worker = runtime.spawn(ctx -> never.await());
    CompletableFuture<Boolean> interruptRestored = new CompletableFuture<>();

    Thread.ofVirtual().start(() -> {
      Thread.currentThread().interrupt();
      runtime.shutdown(Duration.ofDays(1));
      interruptRestored.complete(Thread.currentThread().isInterrupted());
    });

    assertThat(interruptRestored.get()).isTrue();
    assertThat(worker.join()).isEqualTo(Exit.killed());
  }

  @Test
  void anInterruptDuringTheKillWaitKeepsWaiting() throws Exception {
    ProcessRuntime runtime = ProcessRuntime.builder().build();
    AtomicBoolean stop = new AtomicBoolean();
    ProcessRef stubborn = spawnIgnoringKills(runtime, stop);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread closer = Thread.ofVirtual().start(() -> {
      boolean done = runtime.shutdown(Duration.ZERO, Duration.ofDays(1));
      result.complete(done && Thread.currentThread().isInterrupted());
    });
    while (!((ProcessCell) stubborn).isKilled()) {
      Thread.onSpinWait();
    }
    closer.interrupt();
    stop.set(true);
    assertThat(result.get()).isTrue();
  }

  @Test
  void aSpawnRacingShutdownIsEitherRefusedOrKilled() throws Exception {
    for (int round = 0; round < 200; round++) {
      ProcessRuntime runtime = ProcessRuntime.builder().build();
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      CompletableFuture<ProcessRef> spawned = CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
          return runtime.spawn(ctx -> never.await());
        } catch (RejectedExecutionException refused) {
          return null;
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      go.countDown();
      runtime.shutdown(Duration.ZERO);
      ProcessRef handle = spawned.get();
      if (handle != null) {
        assertThat(handle.join()).isEqualTo(Exit.killed());
      }
      assertThat(runtime.live()).isZero();
      assertThat(runtime.spawned()).isEqualTo(runtime.finished());
    }
  }

  @Test
  void rejectsBadDurations() {
    ProcessRuntime runtime = ProcessRuntime.builder().build();
    assertThatThrownBy(() -> runtime.shutdown(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("grace must be zero or positive, was null");
    assertThatThrownBy(() -> runtime.shutdown(Duration.ofSeconds(-1)))
        .hasMessage("grace must be zero or positive, was PT-1S");
    assertThatThrownBy(() -> runtime.shutdown(Duration.ZERO, Duration.ofSeconds(-1)))
        .hasMessage("killTimeout must be zero or positive, was PT-1S");
    assertThatThrownBy(() -> runtime.awaitTermination(null))
        .hasMessage("timeout must be zero or positive, was null");
    assertThat(runtime.isShutdown()).isFalse();
    runtime.close();
  }

  /** Spawns a process that spins, never checking whether it was killed, until {@code stop} is set. */
  private static ProcessRef spawnIgnoringKills(ProcessRuntime runtime, AtomicBoolean stop)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    ProcessRef stubborn = runtime.spawn(ctx -> {
      started.countDown();
      while (!stop.get()) {
        Thread.onSpinWait();
      }
    });
    started.await();
    return stubborn;
  }
}
