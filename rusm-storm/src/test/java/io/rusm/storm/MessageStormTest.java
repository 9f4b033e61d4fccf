package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MessageStormTest {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration TICK = Duration.ofMillis(10);

  private final ProcessRuntime runtime = ProcessRuntime.builder().build();
  private final List<MessageTick> ticks = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeRuntime() {
    runtime.close();
  }

  private static MessageStormSettings settings(MessageWorkload workload, int size) {
    return MessageStormSettings.of(workload, size).withTickInterval(TICK);
  }

  @Test
  void pingPongTimesSampledRoundTripsAndBalancesItsCounts() throws InterruptedException {
    MessageStorm storm = MessageStorm.start(runtime, settings(MessageWorkload.PING_PONG, 4).withDuration(SHORT),
        ticks::add);
    MessageReport report = storm.awaitReport();

    assertThat(report.workload()).isEqualTo(MessageWorkload.PING_PONG);
    assertThat(report.size()).isEqualTo(4);
    assertThat(report.processes()).isEqualTo(8);
    assertThat(report.received()).isPositive();
    assertThat(report.sent()).isEqualTo(runtime.messagesSent());
    assertThat(report.delivered()).isEqualTo(runtime.messagesDelivered());
    assertThat(report.received()).isEqualTo(runtime.messagesReceived());
    assertThat(report.deadLetters()).isEqualTo(runtime.deadLetters());
    assertThat(report.dropped()).isEqualTo(runtime.messagesDropped());
    assertThat(report.balanced()).isTrue();
    assertThat(report.elapsed()).isGreaterThanOrEqualTo(SHORT);
    assertThat(report.meanMessagesPerSecond()).isPositive();
    assertThat(report.peakMessagesPerSecond()).isGreaterThanOrEqualTo(report.meanMessagesPerSecond() / 2);
    assertThat(report.peakReceiverMailbox()).isZero();
    Latency latency = report.latency();
    assertThat(latency.samples()).isPositive().isLessThanOrEqualTo(report.received() / 2);
    assertThat(latency.p50Micros()).isPositive().isLessThanOrEqualTo(latency.p95Micros());
    assertThat(latency.p95Micros()).isLessThanOrEqualTo(latency.p99Micros());
    assertThat(ticks).isNotEmpty();
    assertThat(ticks).anySatisfy(t -> assertThat(t.latency().samples()).isPositive());
    assertThat(ticks).allSatisfy(t -> assertThat(t.receiverMailbox()).isZero());
    assertThat(ticks.getLast().received()).isEqualTo(report.received());
    assertThat(storm.latestTick()).isEqualTo(ticks.getLast());
    assertThat(runtime.live()).isZero();
  }

  @Test
  void aRingPassesItsTokenRoundAndEndsWithEveryProcessGone() throws InterruptedException {
    CountDownLatch moving = new CountDownLatch(1);
    MessageStorm storm = MessageStorm.start(runtime, settings(MessageWorkload.RING, 1000), tick -> {
      ticks.add(tick);
      if (tick.received() > 2000) {
        moving.countDown();
      }
    });
    assertThat(storm.isRunning()).isTrue();
    assertThat(storm.toString()).startsWith("MessageStorm[" + storm.processName() + ", ring 1000, running");
    moving.await();
    storm.stop();
    MessageReport report = storm.awaitReport();

    assertThat(report.processes()).isEqualTo(1000);
    assertThat(report.received()).isGreaterThan(2000);
    // One token: at the end it is in a mailbox (dropped) or on its way to a process already gone.
    assertThat(report.dropped() + report.deadLetters()).isEqualTo(1);
    assertThat(report.balanced()).isTrue();
    assertThat(report.latency()).isEqualTo(Latency.NONE);
    assertThat(runtime.live()).isZero();
    assertThat(storm.toString()).contains("done");
    assertThat(storm.settings().workload()).isEqualTo(MessageWorkload.RING);
  }

  @Test
  void fanInShowsTheReceiversBacklogAndBoundsItWithTheWindow() throws InterruptedException {
    int senders = 50;
    int window = 20;
    CountDownLatch backlogged = new CountDownLatch(1);
    MessageStorm storm = MessageStorm.start(runtime,
        settings(MessageWorkload.FAN_IN, senders).withWindow(window), tick -> {
          ticks.add(tick);
          if (tick.receiverMailbox() > 0 && tick.received() > 10_000) {
            backlogged.countDown();
          }
        });
    backlogged.await();
    storm.close();
    MessageReport report = storm.onReport().join();

    assertThat(report.processes()).isEqualTo(senders + 1);
    assertThat(report.peakReceiverMailbox()).isPositive().isLessThanOrEqualTo((long) senders * window);
    assertThat(ticks).allSatisfy(t -> assertThat(t.receiverMailbox()).isLessThanOrEqualTo((long) senders * window));
    assertThat(report.balanced()).isTrue();
    assertThat(runtime.live()).isZero();
  }

  @Test
  void aMessageFromOutsideTheStormUnbalancesTheReport() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef bystander = runtime.spawn(ctx -> release.await());
    AtomicInteger sentOnce = new AtomicInteger();
    MessageReport report = MessageStorm.start(runtime, settings(MessageWorkload.RING, 2).withDuration(SHORT),
        tick -> {
          if (sentOnce.getAndIncrement() == 0) {
            bystander.send("not the storm's");
          }
        }).awaitReport();
    assertThat(report.balanced()).isFalse();
    release.countDown();
    bystander.join();
  }

  @Test
  void aSpawnTheRuntimeRefusesFailsTheStormAndLeavesNothingBehind() {
    try (ProcessRuntime small = ProcessRuntime.builder().maxProcesses(5).build()) {
      MessageStorm storm = MessageStorm.start(small, settings(MessageWorkload.RING, 10));
      Throwable cause = storm.onReport().handle((r, failure) -> failure.getCause()).join();
      assertThat(cause).isInstanceOf(ProcessLimitExceededException.class);
      assertThatIllegalStateException().isThrownBy(storm::awaitReport)
          .withMessage("message storm " + storm.processName() + " failed").withCause(cause);
      assertThat(small.live()).isZero();
      storm.close();
    }
  }

  @Test
  void anInterruptOfTheSamplerFailsTheStorm() {
    MessageStorm storm = MessageStorm.start(runtime, settings(MessageWorkload.RING, 2),
        tick -> Thread.currentThread().interrupt());
    Throwable cause = storm.onReport().handle((r, failure) -> failure.getCause()).join();
    assertThat(cause).isInstanceOf(InterruptedException.class).hasMessage("message storm sampler interrupted");
    assertThat(runtime.live()).isZero();
  }

  @Test
  void aTickConsumerThatThrowsIsLoggedAndTheStormGoesOn() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    MessageReport report = MessageStorm.start(runtime, settings(MessageWorkload.RING, 2).withDuration(SHORT),
        tick -> {
          calls.incrementAndGet();
          throw new IllegalStateException("tick consumer broke");
        }).awaitReport();
    assertThat(calls.get()).isGreaterThan(2);
    assertThat(report.received()).isPositive();
  }

  @Test
  void theTickConsumerCannotWaitForTheReport() throws InterruptedException {
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    MessageStorm[] storm = new MessageStorm[1];
    CountDownLatch started = new CountDownLatch(1);
    storm[0] = MessageStorm.start(runtime, settings(MessageWorkload.RING, 2), tick -> {
      awaitUninterruptibly(started);
      try {
        storm[0].awaitReport();
      } catch (IllegalStateException | InterruptedException e) {
        refused.complete(e);
      }
      try {
        storm[0].close();
      } catch (IllegalStateException e) {
        refused.complete(e);
      }
    });
    started.countDown();
    assertThat(refused.join()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("onTick cannot wait for the storm's report");
    storm[0].close();
  }

  @Test
  void aStormUntilStoppedOrForAVeryLongTimeEndsWhenStopped() throws InterruptedException {
    for (Duration duration : new Duration[] {null, Duration.ofSeconds(Long.MAX_VALUE)}) {
      CountDownLatch ticked = new CountDownLatch(1);
      MessageStorm storm = MessageStorm.start(runtime, settings(MessageWorkload.FAN_IN, 2).withWindow(1)
          .withDuration(duration), tick -> ticked.countDown());
      ticked.await();
      storm.stop();
      storm.stop();
      assertThat(storm.awaitReport().balanced()).isTrue();
    }
    assertThat(MessageStorm.start(runtime, settings(MessageWorkload.PING_PONG, 1).withDuration(SHORT))
        .awaitReport().processes()).isEqualTo(2);
  }

  @Test
  void argumentsMustBeGivenAndTheRuntimeRunning() {
    MessageStormSettings ring = settings(MessageWorkload.RING, 2);
    assertThatNullPointerException().isThrownBy(() -> MessageStorm.start(null, ring)).withMessage("runtime");
    assertThatNullPointerException().isThrownBy(() -> MessageStorm.start(runtime, null)).withMessage("settings");
    assertThatNullPointerException().isThrownBy(() -> MessageStorm.start(runtime, ring, null))
        .withMessage("onTick");
    runtime.shutdown(Duration.ZERO);
    assertThatIllegalStateException().isThrownBy(() -> MessageStorm.start(runtime, ring))
        .withMessage("cannot start a message storm: the ProcessRuntime is shut down");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

}
