package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LimitsAndArgumentsTest {

  @Test
  void spawningAtTheLimitThrowsAndLeavesNothingBehind() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().maxProcesses(2)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      CountDownLatch never = new CountDownLatch(1);
      ProcessRef first = runtime.spawn(ctx -> never.await());
      runtime.spawn(ctx -> never.await());

      assertThatThrownBy(() -> runtime.spawn(ctx -> {}))
          .isInstanceOfSatisfying(ProcessLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(2))
          .hasMessageContaining("process limit reached: 2 processes are live")
          .hasMessageContaining("maxProcesses")
          .hasMessageContaining("rusm.max-processes");
      assertThat(runtime.rejected()).isEqualTo(1);
      assertThat(runtime.live()).isEqualTo(2);
      assertThat(runtime.spawned()).isEqualTo(2);
      assertThat(runtime.processes(10)).hasSize(2);

      first.kill();
      first.join();
      assertThat(runtime.spawn(ctx -> {}).join()).isEqualTo(Exit.normal());
    }
  }

  @Test
  void theBuilderHasErlangsDefaults() {
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      assertThat(runtime.maxProcesses()).isEqualTo(1_048_576);
      assertThat(runtime.stripes()).isEqualTo(ProcessRuntime.defaultStripes());
      assertThat(Integer.bitCount(runtime.stripes())).isEqualTo(1);
      assertThat(runtime.stripes()).isGreaterThanOrEqualTo(
          ProcessRuntime.DEFAULT_STRIPES_PER_CORE * Runtime.getRuntime().availableProcessors());
      assertThat(runtime.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
    }
    try (ProcessRuntime runtime = ProcessRuntime.builder().stripes(1).build()) {
      assertThat(runtime.stripes()).isEqualTo(1);
    }
  }

  @Test
  void badArgumentsFailAtOnceNamingTheArgument() {
    ProcessRuntime.Builder builder = ProcessRuntime.builder();
    assertThatThrownBy(() -> builder.maxProcesses(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxProcesses must be positive, was 0");
    assertThatThrownBy(() -> builder.maxProcesses(-5)).hasMessage("maxProcesses must be positive, was -5");
    for (int stripes : new int[] {0, -4, 3, 1 << 17}) {
      assertThatThrownBy(() -> builder.stripes(stripes))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stripes must be a power of two between 1 and 65536, was " + stripes);
    }
    assertThatThrownBy(() -> builder.shutdownGracePeriod(Duration.ofMillis(-1)))
        .hasMessage("shutdownGracePeriod must be zero or positive, was PT-0.001S");
    assertThatThrownBy(() -> builder.threadFactory(null)).hasMessage("threadFactory");

    try (ProcessRuntime runtime = builder.build()) {
      assertThatThrownBy(() -> runtime.spawn(null))
          .isInstanceOf(NullPointerException.class).hasMessage("body");
      assertThatThrownBy(() -> runtime.spawn("named", null)).hasMessage("body");
      assertThatThrownBy(() -> runtime.find(null)).hasMessage("pid");
      assertThatThrownBy(() -> runtime.info(null)).hasMessage("pid");
      assertThatThrownBy(() -> runtime.finished(null)).hasMessage("outcome");
      assertThatThrownBy(() -> runtime.processes(-1))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be zero or positive, was -1");
      assertThat(runtime.live()).isZero();
      assertThat(runtime.rejected()).isZero();
    }
  }
}
