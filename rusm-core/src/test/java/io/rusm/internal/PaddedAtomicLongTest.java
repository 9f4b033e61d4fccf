package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PaddedAtomicLongTest {

  @Test
  void countsLikeAnAtomicLong() {
    PaddedAtomicLong counter = new PaddedAtomicLong();
    assertThat(counter.getAndIncrement()).isZero();
    assertThat(counter.getAndIncrement()).isEqualTo(1);
    assertThat(counter.get()).isEqualTo(2);
    assertThat(counter).hasToString("2");
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
          counter.getAndIncrement();
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
