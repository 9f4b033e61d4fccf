package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class LiveCountTest {

  @Test
  void admitsOnlyBelowTheLimitAndCountsReleases() {
    LiveCount live = new LiveCount();
    assertThat(live.isZero()).isTrue();
    assertThat(live.tryAdmit(2)).as("the first admission's number").isZero();
    assertThat(live.tryAdmit(2)).isEqualTo(1);
    assertThat(live.tryAdmit(2)).as("refused").isEqualTo(-1);
    assertThat(live.get()).isEqualTo(2);
    assertThat(live.tryAdmit(0)).isEqualTo(-1);
    assertThat(live.admitted()).isEqualTo(2);
    assertThat(live.isZero()).isFalse();

    long released = live.release();
    assertThat(released).isEqualTo(1);
    assertThat(live.isZeroAt(released)).isFalse();
    assertThat(live).hasToString("1");
    // The release freed a slot, which the admission finds though it last read the releases at zero.
    assertThat(live.tryAdmit(2)).as("numbers go on from the last admission").isEqualTo(2);
    assertThat(live.tryAdmit(2)).isEqualTo(-1);

    live.release();
    released = live.release();
    assertThat(live.isZeroAt(released)).isTrue();
    assertThat(live.isZero()).isTrue();
    assertThat(live.get()).isZero();
  }

  @Test
  void aReleaseFollowedByAnAdmissionIsNotZero() {
    LiveCount live = new LiveCount();
    live.tryAdmit(10);
    long released = live.release();
    live.tryAdmit(10);
    assertThat(live.isZeroAt(released)).isFalse();
    assertThat(live.isZero()).isFalse();
  }

  @Test
  void neverReadsAboveTheLimitUnderContention() throws Exception {
    LiveCount live = new LiveCount();
    int limit = 3;
    LongAdder admitted = new LongAdder();
    LongAccumulator highest = new LongAccumulator(Math::max, Long.MIN_VALUE);
    LongAccumulator lowest = new LongAccumulator(Math::min, Long.MAX_VALUE);
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        await(go);
        for (int i = 0; i < 100_000; i++) {
          if (live.tryAdmit(limit) >= 0) {
            admitted.increment();
            live.release();
          }
        }
      }));
    }
    Thread reader = Thread.ofPlatform().start(() -> {
      await(go);
      while (!done.get()) {
        long reading = live.get();
        highest.accumulate(reading);
        lowest.accumulate(reading);
      }
    });
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    done.set(true);
    reader.join();
    assertThat(admitted.sum()).isPositive();
    assertThat(highest.get()).isBetween(0L, (long) limit);
    assertThat(lowest.get()).isNotNegative();
    assertThat(live.get()).isZero();
    assertThat(live.isZero()).isTrue();
  }

  @Test
  void aReaderRacingAdmissionsAndReleasesNeverReadsAboveWhatIsAdmittedAndNotReleased() throws Exception {
    // One thread admits and releases in turn, so the count is 0 or 1 at every instant; readers that
    // catch admissions landing between their reads must still never see more than 1.
    LiveCount live = new LiveCount();
    AtomicBoolean done = new AtomicBoolean();
    LongAccumulator highest = new LongAccumulator(Math::max, Long.MIN_VALUE);
    LongAdder readings = new LongAdder();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      readers.add(Thread.ofPlatform().start(() -> {
        await(go);
        while (!done.get()) {
          highest.accumulate(live.get());
          readings.increment();
        }
      }));
    }
    Thread churn = Thread.ofPlatform().start(() -> {
      await(go);
      for (int i = 0; i < 1_000_000; i++) {
        assertThat(live.tryAdmit(Long.MAX_VALUE)).isNotNegative();
        live.release();
      }
    });
    go.countDown();
    churn.join();
    done.set(true);
    for (Thread r : readers) {
      r.join();
    }
    assertThat(readings.sum()).isPositive();
    assertThat(highest.get()).isBetween(0L, 1L);
    assertThat(live.get()).isZero();
  }

  @Test
  void exactlyTheLimitIsAdmittedWhenNothingIsReleased() throws Exception {
    LiveCount live = new LiveCount();
    LongAdder admitted = new LongAdder();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        await(go);
        for (int i = 0; i < 10_000; i++) {
          if (live.tryAdmit(1_000) >= 0) {
            admitted.increment();
          }
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(admitted.sum()).isEqualTo(1_000);
    assertThat(live.get()).isEqualTo(1_000);
  }

  private static void await(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
