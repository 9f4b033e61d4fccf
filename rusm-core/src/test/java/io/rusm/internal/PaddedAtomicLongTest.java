package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class PaddedAtomicLongTest {

  @Test
  void countsLikeAnAtomicLong() {
    PaddedAtomicLong counter = new PaddedAtomicLong();
    assertThat(counter.getAndIncrement()).isZero();
    assertThat(counter.incrementAndGet()).isEqualTo(2);
    assertThat(counter.decrementAndGet()).isEqualTo(1);
    assertThat(counter.get()).isEqualTo(1);
    assertThat(counter).hasToString("1");
  }

  @Test
  void incrementsOnlyBelowTheBound() {
    PaddedAtomicLong counter = new PaddedAtomicLong();
    assertThat(counter.tryIncrementBelow(2)).isTrue();
    assertThat(counter.tryIncrementBelow(2)).isTrue();
    assertThat(counter.tryIncrementBelow(2)).isFalse();
    assertThat(counter.get()).isEqualTo(2);
    assertThat(counter.tryIncrementBelow(0)).isFalse();
    assertThat(counter.get()).isEqualTo(2);
  }

  @Test
  void neverPassesTheBoundUnderContention() throws Exception {
    PaddedAtomicLong counter = new PaddedAtomicLong();
    LongAdder admitted = new LongAdder();
    LongAccumulator highest = new LongAccumulator(Math::max, Long.MIN_VALUE);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < 100_000; i++) {
          if (counter.tryIncrementBelow(3)) {
            admitted.increment();
            highest.accumulate(counter.get());
            counter.decrementAndGet();
          }
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(counter.get()).isZero();
    assertThat(admitted.sum()).isPositive();
    assertThat(highest.get()).isBetween(1L, 3L);
  }

  @Test
  void losesNoUpdateUnderContention() throws Exception {
    PaddedAtomicLong counter = new PaddedAtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < 100_000; i++) {
          counter.incrementAndGet();
          counter.getAndIncrement();
          counter.decrementAndGet();
        }
      }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(counter.get()).isEqualTo(400_000);
  }
}
