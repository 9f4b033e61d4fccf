package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StormProcessTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().build();
  private final StormBody yieldOnce = StormBody.yieldOnce();

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  @Test
  void theDefaultBodyReturnsNormally() throws InterruptedException {
    assertThat(runtime.spawn(StormProcess.of(yieldOnce, false)).join()).isEqualTo(Exit.normal());
  }

  @Test
  void aFailingBodyThrowsAPlannedFailure() throws InterruptedException {
    Exit exit = runtime.spawn(StormProcess.of(yieldOnce, true)).join();
    assertThat(exit).isInstanceOfSatisfying(Exit.Failed.class, failed -> {
      assertThat(failed.cause()).isInstanceOf(StormFailure.class).hasMessage("planned failure");
      assertThat(failed.cause().getStackTrace()).isEmpty();
    });
  }

  @Test
  void aSleepingBodySleepsAtLeastItsTime() throws InterruptedException {
    long start = System.nanoTime();
    Exit exit = runtime.spawn(StormProcess.of(yieldOnce.withSleep(Duration.ofMillis(30)), false)).join();
    assertThat(exit).isEqualTo(Exit.normal());
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
  }

  @Test
  void aSpinningBodySpinsAtLeastItsTimeAndThenMayFail() throws InterruptedException {
    long start = System.nanoTime();
    Exit exit = runtime.spawn(StormProcess.of(yieldOnce.withSpin(Duration.ofMillis(20)), true)).join();
    assertThat(exit.outcome()).isEqualTo(Exit.Outcome.FAILED);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void aSleepingBodyIsKilledWhileItSleeps() throws InterruptedException {
    assertKilledOnceStarted(StormProcess.of(yieldOnce.withSleep(StormBody.MAX_PAUSE), false));
  }

  @Test
  void aSpinningBodyIsKilledWhileItSpins() throws InterruptedException {
    assertKilledOnceStarted(StormProcess.of(yieldOnce.withSpin(StormBody.MAX_PAUSE), false));
  }

  @Test
  void aSampledBodyRecordsItsSpawnToStartLatency() throws InterruptedException {
    Recorder recorder = new Recorder(3);
    long spawnedAt = System.nanoTime();
    Exit exit = runtime.spawn(StormProcess.of(yieldOnce, false).sampled(recorder, spawnedAt)).join();
    long bound = System.nanoTime() - spawnedAt;
    assertThat(exit).isEqualTo(Exit.normal());
    var histogram = recorder.getIntervalHistogram();
    assertThat(histogram.getTotalCount()).isOne();
    assertThat(histogram.getMaxValue()).isBetween(0L, histogram.highestEquivalentValue(bound));
  }

  private void assertKilledOnceStarted(StormProcess body) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    ProcessRef process = runtime.spawn(ctx -> {
      started.countDown();
      body.run(ctx);
    });
    started.await();
    assertThat(process.kill()).isTrue();
    assertThat(process.join()).isEqualTo(Exit.killed());
  }
}
