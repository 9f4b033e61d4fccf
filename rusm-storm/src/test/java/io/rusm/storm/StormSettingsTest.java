package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StormSettingsTest {

  private final StormSettings defaults = StormSettings.defaults();

  @Test
  void defaultsRunUntilStoppedWithTheDocumentedValues() {
    assertThat(defaults.duration()).isNull();
    assertThat(defaults.liveCap()).isEqualTo(10_000).isEqualTo(StormSettings.DEFAULT_LIVE_CAP);
    assertThat(defaults.profile()).isEqualTo(ResourceProfile.BALANCED);
    assertThat(defaults.spawners()).isZero();
    assertThat(defaults.body()).isEqualTo(StormBody.yieldOnce());
    assertThat(defaults.tickInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void withersChangeOneSettingEach() {
    StormBody sleepy = StormBody.yieldOnce().withSleep(Duration.ofMillis(5));
    StormSettings s = defaults.withDuration(Duration.ofSeconds(3)).withLiveCap(50)
        .withProfile(ResourceProfile.LIGHT).withSpawners(2).withBody(sleepy)
        .withTickInterval(Duration.ofMillis(100));
    assertThat(s).isEqualTo(new StormSettings(Duration.ofSeconds(3), 50, ResourceProfile.LIGHT, 2, sleepy,
        Duration.ofMillis(100)));
    assertThat(s.withDuration(null).duration()).isNull();
  }

  @Test
  void durationMustBePositiveOrNull() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDuration(Duration.ZERO))
        .withMessage("duration must be positive (or null to run until stopped), was PT0S");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withDuration(Duration.ofSeconds(-1)))
        .withMessageStartingWith("duration must be positive");
  }

  @Test
  void liveCapMustBePositive() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLiveCap(0))
        .withMessage("liveCap must be positive, was 0");
  }

  @Test
  void profileMustBeGiven() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withProfile(null))
        .withMessage("profile must not be null");
  }

  @Test
  void spawnersMustNotBeNegative() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withSpawners(-1))
        .withMessage("spawners must be zero (from the profile) or positive, was -1");
  }

  @Test
  void bodyMustBeGiven() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withBody(null))
        .withMessage("body must not be null");
  }

  @Test
  void tickIntervalMustBeAtLeastAMillisecond() {
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTickInterval(null))
        .withMessage("tickInterval must be at least 1ms, was null");
    assertThatIllegalArgumentException().isThrownBy(() -> defaults.withTickInterval(Duration.ofNanos(999_999)))
        .withMessage("tickInterval must be at least 1ms, was PT0.000999999S");
    assertThat(defaults.withTickInterval(Duration.ofMillis(1)).tickInterval()).isEqualTo(Duration.ofMillis(1));
  }
}
