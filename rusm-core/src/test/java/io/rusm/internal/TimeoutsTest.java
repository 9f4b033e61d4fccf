package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

  private static final long MS = 1_000_000;
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final Timeouts timeouts = new Timeouts("timeouts-test");

  @AfterEach
  void close() {
    timeouts.close();
  }

  @Test
  void anActionRunsOnceItsDelayHasPassed() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    long start = System.nanoTime();
    timeouts.schedule(20 * MS, ran::countDown);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20 * MS);
    assertThat(timeouts.pending()).isZero();
  }

  @Test
  void aCancelledActionNeverRuns() throws InterruptedException {
    AtomicInteger cancelledRuns = new AtomicInteger();
    Timeouts.Timeout cancelled = timeouts.schedule(5 * MS, cancelledRuns::incrementAndGet);
    timeouts.cancel(cancelled);
    CountDownLatch later = new CountDownLatch(1);
    timeouts.schedule(30 * MS, later::countDown);
    // Actions run in deadline order on one thread: once the later one ran, the earlier would have.
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRuns).hasValue(0);
    timeouts.cancel(null);
  }

  @Test
  void anEarlierDeadlineWakesTheThreadThatSleepsForALaterOne() throws InterruptedException {
    AtomicInteger lateRuns = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    // The thread now sleeps for an hour; the earlier deadline must cut that sleep short.
    timeouts.schedule(HOUR, lateRuns::incrementAndGet);
    timeouts.schedule(0, started::countDown);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch early = new CountDownLatch(1);
    timeouts.schedule(10 * MS, early::countDown);
    assertThat(early.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lateRuns).hasValue(0);
    assertThat(timeouts.pending()).isEqualTo(1);
  }

  @Test
  void anActionThatThrowsDoesNotStopTheOthers() throws InterruptedException {
    CountDownLatch thrown = new CountDownLatch(1);
    timeouts.schedule(0, () -> {
      Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {
        if (e.getMessage().equals("boom")) {
          thrown.countDown();
        }
      });
      throw new IllegalStateException("boom");
    });
    assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
    CountDownLatch after = new CountDownLatch(1);
    timeouts.schedule(MS, after::countDown);
    assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void neverAndAfterCloseScheduleNothing() {
    assertThat(timeouts.schedule(Long.MAX_VALUE, () -> {})).isNull();
    // So long that its deadline, compared by difference with an overdue one, could sort before it.
    assertThat(timeouts.schedule(Long.MAX_VALUE - 1, () -> {})).isNull();
    assertThat(timeouts.schedule(Timeouts.NEVER, () -> {})).isNull();
    assertThat(timeouts.pending()).isZero();
    assertThat(timeouts.schedule(Timeouts.NEVER - 1, () -> {})).isNotNull();
    assertThat(timeouts.pending()).isEqualTo(1);
    timeouts.schedule(HOUR, () -> {});
    timeouts.close();
    assertThat(timeouts.pending()).isZero();
    assertThat(timeouts.schedule(MS, () -> {})).isNull();
    assertThat(timeouts.pending()).isZero();
  }

  @Test
  void concurrentSchedulesAndCancelsRunEachKeptActionExactlyOnce() throws InterruptedException {
    int threads = 4;
    int perThread = 2_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
    CountDownLatch kept = new CountDownLatch(threads * perThread / 2);
    List<Thread> schedulers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      schedulers.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < perThread; i++) {
          int index = base + i;
          Timeouts.Timeout timeout = timeouts.schedule((i % 7) * MS, () -> {
            runs.incrementAndGet(index);
            if (index % 2 == 0) {
              kept.countDown();
            }
          });
          if (index % 2 == 1) {
            timeouts.cancel(timeout);
          }
        }
      }));
    }
    for (Thread t : schedulers) {
      t.join(Duration.ofSeconds(30));
    }
    assertThat(kept.await(30, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < runs.length(); i += 2) {
      assertThat(runs.get(i)).as("kept action %d", i).isEqualTo(1);
    }
    // A cancel can lose only to an action already running: with delays of 0, some odd ones may have run.
    for (int i = 1; i < runs.length(); i += 2) {
      assertThat(runs.get(i)).as("cancelled action %d", i).isBetween(0, 1);
    }
    assertThat(timeouts.pending()).isZero();
  }
  @Test
  void aCloseRacingTheFirstScheduleAlwaysEndsTheThread() throws Exception {
    // The first schedule starts the thread; a close that lands between its look at the state and its
    // start must still win, or the thread would outlive the runtime.
    java.lang.reflect.Field stateField = Timeouts.class.getDeclaredField("state");
    stateField.setAccessible(true);
    int rounds = 5_000;
    AtomicInteger go = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Timeouts[] current = new Timeouts[1];
    Thread closer = Thread.ofPlatform().daemon().start(() -> {
      for (int i = 1; i <= rounds; i++) {
        while (go.get() < i) {
          Thread.onSpinWait();
        }
        for (int k = (i * 7) % 400; k > 0; k--) {
          Thread.onSpinWait();
        }
        current[0].close();
        closed.set(i);
      }
    });
    for (int i = 1; i <= rounds; i++) {
      Timeouts t = new Timeouts("rusm-timeouts-race-" + i);
      current[0] = t;
      go.set(i);
      t.schedule(TimeUnit.HOURS.toNanos(1), () -> { });
      while (closed.get() < i) {
        Thread.onSpinWait();
      }
      assertThat(((AtomicInteger) stateField.get(t)).get()).as("state after close, round %d", i)
          .isEqualTo(2);
    }
    closer.join();
  }
}
