package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class SpawnStormTest {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration QUICK_DRAIN = Duration.ofMillis(50);

  private final ProcessRuntime runtime = ProcessRuntime.builder().build();
  private final StormSettings settings =
      StormSettings.defaults().withSpawners(2).withTickInterval(Duration.ofMillis(10));
  private final List<StormTick> ticks = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  @Test
  void aTimedStormBalancesItsTotalsAndLeavesTheTableEmpty() throws InterruptedException {
    SpawnStorm storm = SpawnStorm.start(runtime, settings.withDuration(SHORT), ticks::add);
    StormReport report = storm.awaitReport();

    assertThat(report.spawned()).isPositive().isEqualTo(runtime.spawned());
    assertThat(report.finished()).isEqualTo(report.spawned());
    assertThat(report.finishedNormal()).isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
    assertThat(report.spawners()).isEqualTo(2).isEqualTo(storm.spawners());
    assertThat(report.elapsed()).isGreaterThanOrEqualTo(SHORT);
    assertThat(report.meanSpawnsPerSecond()).isPositive();
    assertThat(report.peakSpawnsPerSecond()).isPositive();
    assertThat(report.peakLive()).isPositive();
    Latency latency = report.latency();
    assertThat(latency.samples()).isPositive().isLessThanOrEqualTo(report.spawned());
    assertThat(latency.p50Micros()).isLessThanOrEqualTo(latency.p95Micros());
    assertThat(latency.p95Micros()).isLessThanOrEqualTo(latency.p99Micros());
    assertThat(runtime.live()).isZero();
    assertThat(runtime.processes(10)).isEmpty();
    assertThat(storm.isRunning()).isFalse();
    assertThat(storm.rejectedSpawns()).isZero();

    assertThat(ticks).hasSizeGreaterThan(1);
    StormTick last = ticks.get(ticks.size() - 1);
    assertThat(storm.latestTick()).isSameAs(last);
    assertThat(last.spawned()).isEqualTo(report.spawned());
    assertThat(last.finished()).isEqualTo(report.finished());
    assertThat(last.live()).isZero();
    assertThat(last.peakLive()).isEqualTo(report.peakLive());
    assertThat(ticks).isSortedAccordingTo((a, b) -> a.elapsed().compareTo(b.elapsed()));
    assertThat(ticks).allSatisfy(t -> {
      assertThat(t.spawned()).isGreaterThanOrEqualTo(t.finished());
      assertThat(t.spawnsPerSecond()).isLessThanOrEqualTo(report.peakSpawnsPerSecond());
    });
    assertThat(ticks.stream().mapToLong(t -> t.latency().samples()).sum()).isEqualTo(latency.samples());
  }

  @Test
  void thePopulationStaysWithinTheCapPlusOneProcessPerSpawner() throws InterruptedException {
    int cap = 50;
    CompletableFuture<Void> atCapForAWhile = new CompletableFuture<>();
    AtomicInteger ticksAtCap = new AtomicInteger();
    StormSettings capped = settings.withLiveCap(cap).withBody(StormBody.yieldOnce().withSleep(Duration.ofMillis(20)));
    SpawnStorm storm = SpawnStorm.start(runtime, capped, tick -> {
      ticks.add(tick);
      if (tick.live() >= cap && ticksAtCap.incrementAndGet() == 10) {
        atCapForAWhile.complete(null);
      }
    });
    atCapForAWhile.join();
    storm.stop();
    StormReport report = storm.awaitReport();

    assertThat(ticks).allSatisfy(t -> assertThat(t.live()).isLessThanOrEqualTo(cap + storm.spawners()));
    assertThat(report.peakLive()).isBetween((long) cap, (long) cap + storm.spawners());
    assertThat(report.finishedNormal()).isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
  }

  static Stream<Duration> untilStopped() {
    return Stream.of(null, Duration.ofSeconds(Long.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("untilStopped")
  void stopEndsAStormMidway(Duration duration) throws InterruptedException {
    CountDownLatch spawning = new CountDownLatch(1);
    SpawnStorm storm = SpawnStorm.start(runtime, settings.withDuration(duration), onceSpawning(spawning));
    spawning.await();
    assertThat(storm.isRunning()).isTrue();
    assertThat(storm.toString()).startsWith("SpawnStorm[" + storm.processName() + ", running, StormTick[");

    storm.stop();
    storm.stop();
    StormReport report = storm.awaitReport();

    assertThat(storm.isRunning()).isFalse();
    assertThat(report.spawned()).isPositive().isEqualTo(report.finished());
    assertThat(report.balanced()).isTrue();
    assertThat(storm.onReport().join()).isEqualTo(report);
    assertThat(storm.latestTick().spawned()).isEqualTo(report.spawned());
    storm.stop();
    assertThat(storm.awaitReport()).isSameAs(report);
  }

  @Test
  void theLatestTickIsZeroUntilTheFirstSample() throws InterruptedException {
    SpawnStorm storm = SpawnStorm.start(runtime, settings.withTickInterval(Duration.ofHours(1)));
    assertThat(storm.latestTick()).isEqualTo(new StormTick(Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, Latency.NONE));
    assertThat(storm.settings()).isEqualTo(settings.withTickInterval(Duration.ofHours(1)));

    storm.stop();
    StormReport report = storm.awaitReport();

    assertThat(storm.latestTick().spawned()).isEqualTo(report.spawned());
    assertThat(storm.latestTick().elapsed()).isPositive();
  }

  @Test
  void closeStopsTheStormAndWaitsForItsReport() {
    CountDownLatch spawning = new CountDownLatch(1);
    SpawnStorm closed;
    try (SpawnStorm storm = SpawnStorm.start(runtime, settings, onceSpawning(spawning))) {
      closed = storm;
      assertThat(spawning.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(closed.isRunning()).isFalse();
    assertThat(closed.onReport().join().balanced()).isTrue();
    assertThat(closed.toString()).startsWith("SpawnStorm[" + closed.processName() + ", done, StormTick[");
  }

  @Test
  void spawnersComeFromTheProfileUnlessCounted() {
    int cores = Runtime.getRuntime().availableProcessors();
    try (SpawnStorm storm = SpawnStorm.start(runtime, StormSettings.defaults().withProfile(ResourceProfile.MAX))) {
      assertThat(storm.spawners()).isEqualTo(ResourceProfile.MAX.spawners(cores));
    }
    try (SpawnStorm storm = SpawnStorm.start(runtime, StormSettings.defaults().withSpawners(3))) {
      assertThat(storm.spawners()).isEqualTo(3);
    }
  }

  @Test
  void eachStormNamesItsProcessesUniquely() {
    SpawnStorm earlier = SpawnStorm.start(runtime, settings.withDuration(Duration.ofMillis(1)));
    earlier.close();
    CountDownLatch spawning = new CountDownLatch(1);
    StormSettings slow = settings.withBody(StormBody.yieldOnce().withSleep(StormBody.MAX_PAUSE)).withLiveCap(4);
    try (SpawnStorm storm = SpawnStorm.start(runtime, slow, onceSpawning(spawning), QUICK_DRAIN, QUICK_DRAIN)) {
      awaitUninterruptibly(spawning);
      assertThat(storm.processName()).startsWith("storm-").isNotEqualTo(earlier.processName());
      assertThat(runtime.processes(100)).isNotEmpty()
          .allSatisfy(p -> assertThat(p.name()).isEqualTo(storm.processName()));
    }
  }

  @Test
  void aFailFractionOfOneFailsEveryProcess() throws InterruptedException {
    StormReport report = runFor(SHORT, StormBody.yieldOnce().withFailFraction(1));
    assertThat(report.finishedFailed()).isPositive().isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void aKillFractionOfOneKillsEveryProcess() throws InterruptedException {
    StormReport report = runFor(SHORT, StormBody.yieldOnce().withSleep(StormBody.MAX_PAUSE).withKillFraction(1));
    assertThat(report.finishedKilled()).isPositive().isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void fractionsMixTheOutcomes() throws InterruptedException {
    StormReport report = runFor(SHORT, StormBody.yieldOnce().withFailFraction(0.3).withKillFraction(0.3));
    assertThat(report.finishedNormal()).isPositive();
    assertThat(report.finishedFailed()).isPositive();
    assertThat(report.finishedKilled()).isPositive();
    assertThat(report.finished()).isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void sleepingAndSpinningBodiesReturnNormally() throws InterruptedException {
    StormReport sleeping = runFor(SHORT, StormBody.yieldOnce().withSleep(Duration.ofMillis(5)));
    assertThat(sleeping.finishedNormal()).isPositive().isEqualTo(sleeping.spawned());
    // Spinning processes hold their carrier threads: a small cap keeps the queue behind them short.
    StormReport spinning = SpawnStorm.start(runtime, settings.withDuration(SHORT).withLiveCap(4)
        .withBody(StormBody.yieldOnce().withSpin(Duration.ofMillis(1)))).awaitReport();
    assertThat(spinning.finishedNormal()).isPositive().isEqualTo(spinning.spawned());
  }

  @Test
  void sleepingStragglersAreKilledAfterTheDrainGrace() throws InterruptedException {
    assertStragglersKilled(StormBody.yieldOnce().withSleep(StormBody.MAX_PAUSE));
  }

  @Test
  void spinningStragglersAreKilledAfterTheDrainGrace() throws InterruptedException {
    assertStragglersKilled(StormBody.yieldOnce().withSpin(StormBody.MAX_PAUSE));
  }

  private void assertStragglersKilled(StormBody body) throws InterruptedException {
    CountDownLatch spawning = new CountDownLatch(1);
    SpawnStorm storm = SpawnStorm.start(runtime, settings.withBody(body).withLiveCap(2),
        onceSpawning(spawning), QUICK_DRAIN, Duration.ofSeconds(30));
    spawning.await();
    storm.stop();
    StormReport report = storm.awaitReport();
    assertThat(report.finishedKilled()).isPositive().isEqualTo(report.spawned());
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void aStormGivesUpOnProcessesItCannotAccountFor() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<ProcessRef> outsider = new CompletableFuture<>();
    SpawnStorm storm = SpawnStorm.start(runtime, settings, tick -> {
      if (!outsider.isDone()) {
        outsider.complete(runtime.spawn("outsider", ctx -> release.await()));
      }
    }, QUICK_DRAIN, QUICK_DRAIN);
    ProcessRef other = outsider.join();
    storm.stop();
    StormReport report = storm.awaitReport();

    assertThat(report.balanced()).isFalse();
    // The outsider is still live; how many of the storm's own processes exited within the short drain
    // and kill waits depends on how busy the machine is.
    assertThat(report.spawned()).isGreaterThan(report.finished());
    assertThat(other.isAlive()).isTrue();
    release.countDown();
    assertThat(other.join()).isEqualTo(Exit.normal());
  }

  @Test
  void aRuntimeLimitBelowTheCapIsCountedNotFatal() throws InterruptedException {
    try (ProcessRuntime small = ProcessRuntime.builder().maxProcesses(8).build()) {
      CompletableFuture<Void> refused = new CompletableFuture<>();
      StormSettings sleepy = settings.withLiveCap(100).withBody(StormBody.yieldOnce().withSleep(Duration.ofMillis(20)));
      SpawnStorm[] storm = new SpawnStorm[1];
      storm[0] = SpawnStorm.start(small, sleepy, tick -> {
        ticks.add(tick);
        if (storm[0] != null && storm[0].rejectedSpawns() > 0) {
          refused.complete(null);
        }
      });
      refused.join();
      storm[0].stop();
      StormReport report = storm[0].awaitReport();

      assertThat(small.rejected()).isGreaterThanOrEqualTo(storm[0].rejectedSpawns()).isPositive();
      assertThat(ticks).allSatisfy(t -> assertThat(t.live()).isLessThanOrEqualTo(8));
      assertThat(report.finishedNormal()).isPositive().isEqualTo(report.spawned());
      assertThat(report.balanced()).isTrue();
    }
  }

  @Test
  void aRuntimeShutdownEndsTheStorm() throws InterruptedException {
    CountDownLatch spawning = new CountDownLatch(1);
    SpawnStorm storm = SpawnStorm.start(runtime, settings, onceSpawning(spawning));
    spawning.await();
    runtime.shutdown(Duration.ZERO);
    StormReport report = storm.awaitReport();

    assertThat(report.spawned()).isPositive().isEqualTo(report.finished());
    assertThat(report.balanced()).isTrue();
    assertThatIllegalStateException().isThrownBy(() -> SpawnStorm.start(runtime, settings))
        .withMessage("cannot start a spawn storm: the ProcessRuntime is shut down");
  }

  @Test
  void exceptionsFromOnTickDoNotBreakTheStorm() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    SpawnStorm storm = SpawnStorm.start(runtime, settings.withDuration(SHORT), tick -> {
      calls.incrementAndGet();
      throw new IllegalStateException("tick consumer broke");
    });
    StormReport report = storm.awaitReport();

    assertThat(calls).hasValueGreaterThan(2);
    assertThat(report.spawned()).isPositive().isEqualTo(report.finished());
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void onTickCannotWaitForTheReportButCanStopTheStorm() throws InterruptedException {
    CompletableFuture<Throwable> awaitFailure = new CompletableFuture<>();
    CompletableFuture<Throwable> closeFailure = new CompletableFuture<>();
    SpawnStorm[] storm = new SpawnStorm[1];
    CountDownLatch started = new CountDownLatch(1);
    storm[0] = SpawnStorm.start(runtime, settings, tick -> {
      awaitUninterruptibly(started);
      try {
        storm[0].awaitReport();
      } catch (IllegalStateException | InterruptedException e) {
        awaitFailure.complete(e);
      }
      try {
        storm[0].close();
      } catch (IllegalStateException e) {
        closeFailure.complete(e);
      }
    });
    started.countDown();
    StormReport report = storm[0].awaitReport();

    assertThat(awaitFailure.join()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("onTick cannot wait for the storm's report");
    assertThat(closeFailure.join()).isInstanceOf(IllegalStateException.class);
    assertThat(report.balanced()).isTrue();
  }

  @Test
  void anErrorFromOnTickFailsTheStorm() {
    Error broken = new Error("tick consumer broke badly");
    assertFails(tick -> {
      throw broken;
    }, broken);
  }

  @Test
  void anInterruptOfTheSamplerFailsTheStorm() {
    Throwable cause = assertFails(tick -> Thread.currentThread().interrupt(), null);
    assertThat(cause).isInstanceOf(InterruptedException.class).hasMessage("spawn storm sampler interrupted");
  }

  private Throwable assertFails(Consumer<StormTick> onTick, Throwable expected) {
    SpawnStorm storm = SpawnStorm.start(runtime, settings, onTick);
    CompletableFuture<StormReport> report = storm.onReport();
    Throwable cause = report.handle((r, failure) -> failure.getCause()).join();
    if (expected != null) {
      assertThat(cause).isSameAs(expected);
    }
    assertThat(storm.isRunning()).isFalse();
    assertThatIllegalStateException().isThrownBy(storm::awaitReport)
        .withMessage("spawn storm " + storm.processName() + " failed").withCause(cause);
    storm.close();
    return cause;
  }

  @Test
  void argumentsMustBeGiven() {
    assertThatNullPointerException().isThrownBy(() -> SpawnStorm.start(null, settings)).withMessage("runtime");
    assertThatNullPointerException().isThrownBy(() -> SpawnStorm.start(runtime, null)).withMessage("settings");
    assertThatNullPointerException().isThrownBy(() -> SpawnStorm.start(runtime, null, tick -> { }))
        .withMessage("settings");
    assertThatNullPointerException().isThrownBy(() -> SpawnStorm.start(runtime, settings, null))
        .withMessage("onTick");
    assertThat(runtime.spawned()).isZero();
  }

  private StormReport runFor(Duration duration, StormBody body) throws InterruptedException {
    return SpawnStorm.start(runtime, settings.withDuration(duration).withBody(body)).awaitReport();
  }

  /**
   * Counts the latch down at the first tick that has seen a spawn: the first tick alone can come before a
   * spawner thread has been scheduled at all.
   */
  private static Consumer<StormTick> onceSpawning(CountDownLatch latch) {
    return tick -> {
      if (tick.spawned() > 0) {
        latch.countDown();
      }
    };
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
