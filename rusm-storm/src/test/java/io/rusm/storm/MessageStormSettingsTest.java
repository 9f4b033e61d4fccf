package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageStormSettingsTest {

  @Test
  void defaultsAndWithers() {
    MessageStormSettings ring = MessageStormSettings.of(MessageWorkload.RING, 10);
    assertThat(ring).isEqualTo(new MessageStormSettings(MessageWorkload.RING, 10, null,
        MessageStormSettings.DEFAULT_WINDOW, StormSettings.DEFAULT_TICK_INTERVAL));
    assertThat(ring.withDuration(Duration.ofSeconds(3)).duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ring.withWindow(7).window()).isEqualTo(7);
    assertThat(ring.withTickInterval(Duration.ofMillis(5)).tickInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(ring.processes()).isEqualTo(10);
    assertThat(MessageStormSettings.of(MessageWorkload.PING_PONG, 10).processes()).isEqualTo(20);
    assertThat(MessageStormSettings.of(MessageWorkload.FAN_IN, 10).processes()).isEqualTo(11);
  }

  @Test
  void eachWorkloadHasItsSizeRange() {
    assertThat(MessageStormSettings.of(MessageWorkload.PING_PONG, 10_000).size()).isEqualTo(10_000);
    assertThat(MessageStormSettings.of(MessageWorkload.RING, 100_000).size()).isEqualTo(100_000);
    assertThat(MessageStormSettings.of(MessageWorkload.FAN_IN, 1).size()).isEqualTo(1);
    assertThatIllegalArgumentException().isThrownBy(() -> MessageStormSettings.of(MessageWorkload.PING_PONG, 0))
        .withMessage("size (pairs for ping-pong) must be between 1 and 10000, was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> MessageStormSettings.of(MessageWorkload.RING, 100_001))
        .withMessage("size (processes for ring) must be between 2 and 100000, was 100001");
    assertThatIllegalArgumentException().isThrownBy(() -> MessageStormSettings.of(MessageWorkload.FAN_IN, 10_001))
        .withMessage("size (senders for fan-in) must be between 1 and 10000, was 10001");
  }

  @Test
  void eachSettingIsChecked() {
    MessageStormSettings ok = MessageStormSettings.of(MessageWorkload.RING, 2);
    assertThatIllegalArgumentException().isThrownBy(() -> new MessageStormSettings(null, 2, null, 1, Duration.ofMillis(1)))
        .withMessage("workload must not be null");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withDuration(Duration.ZERO))
        .withMessage("duration must be positive (or null to run until stopped), was PT0S");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withDuration(Duration.ofSeconds(-1)))
        .withMessage("duration must be positive (or null to run until stopped), was PT-1S");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withWindow(0))
        .withMessage("window must be between 1 and 10000, was 0");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withWindow(10_001))
        .withMessage("window must be between 1 and 10000, was 10001");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withTickInterval(null))
        .withMessage("tickInterval must be at least 1ms, was null");
    assertThatIllegalArgumentException().isThrownBy(() -> ok.withTickInterval(Duration.ofNanos(999_999)))
        .withMessage("tickInterval must be at least 1ms, was PT0.000999999S");
  }

  @Test
  void workloadsByTag() {
    assertThat(MessageWorkload.ofTag("ping-pong")).isEqualTo(MessageWorkload.PING_PONG);
    assertThat(MessageWorkload.ofTag(" Fan_In ")).isEqualTo(MessageWorkload.FAN_IN);
    assertThat(MessageWorkload.ofTag("RING")).isEqualTo(MessageWorkload.RING);
    assertThat(MessageWorkload.RING.tag()).isEqualTo("ring");
    assertThat(MessageWorkload.FAN_IN.minSize()).isEqualTo(1);
    assertThatIllegalArgumentException().isThrownBy(() -> MessageWorkload.ofTag("star"))
        .withMessage("workload must be one of ping-pong, ring, fan-in, was 'star'");
    assertThatIllegalArgumentException().isThrownBy(() -> MessageWorkload.ofTag(null))
        .withMessage("workload must be one of ping-pong, ring, fan-in, was 'null'");
  }
}
