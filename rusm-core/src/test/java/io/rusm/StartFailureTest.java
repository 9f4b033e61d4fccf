package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartFailureTest {

  @Test
  void aThreadThatFailsToStartLeavesNoEntryAndNoCount() {
    OutOfMemoryError noThreads = new OutOfMemoryError("unable to create native thread");
    try (ProcessRuntime runtime = ProcessRuntime.builder().threadFactory(r -> new Thread(r) {
      @Override
      public synchronized void start() {
        throw noThreads;
      }
    }).build()) {
      assertThatThrownBy(() -> runtime.spawn(ctx -> {})).isSameAs(noThreads);
      assertThat(runtime.live()).isZero();
      assertThat(runtime.spawned()).isZero();
      assertThat(runtime.finished()).isZero();
      assertThat(runtime.processes(10)).isEmpty();
      assertThat(runtime.find(new Pid(0))).isEmpty();
    }
  }

  @Test
  void aThreadFactoryThatThrowsLeavesNothingBehind() {
    IllegalStateException refused = new IllegalStateException("no threads today");
    try (ProcessRuntime runtime = ProcessRuntime.builder().threadFactory(r -> {
      throw refused;
    }).build()) {
      assertThatThrownBy(() -> runtime.spawn(ctx -> {})).isSameAs(refused);
      assertThat(runtime.live()).isZero();
      assertThat(runtime.spawned()).isZero();
      assertThat(runtime.processes(10)).isEmpty();
    }
  }
}
