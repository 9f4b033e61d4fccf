package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

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
  void anUninterruptedCallerStaysUninterrupted() {
    ProcessCell.endOneVirtualThread();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
