package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The virtual thread that rusm runs to its end before any process starts (see ProcessCell). */
class JdkWarmUpTest {

  @Test
  void theVirtualThreadEndsEvenWhenTheCallerIsInterruptedAndTheInterruptIsKept() {
    Thread.currentThread().interrupt();
    try {
      ProcessCell.endOneVirtualThread();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptDuringTheWaitIsKeptAndTheWaitGoesOnUntilTheThreadEnds() throws Exception {
    Thread caller = Thread.currentThread();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    // Interrupts the caller once it waits for the thread, then lets the thread end.
    Thread interrupter = Thread.ofPlatform().start(() -> {
      while (caller.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
      caller.interrupt();
      release.countDown();
    });
    try {
      ProcessCell.endOneVirtualThread(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        ended.set(true);
      });
      assertThat(ended).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      interrupter.join();
    }
  }

  @Test
  void anUninterruptedCallerStaysUninterrupted() {
    ProcessCell.endOneVirtualThread();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
