package io.rusm.sample.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rusm.sample.web.InvalidInputException;
import io.rusm.sample.web.Violation;
import io.rusm.storm.ResourceProfile;
import io.rusm.storm.StormSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Turning a request into storm settings within the limits. */
class StormRequestTests {

  private final StormLimits limits = new StormLimits(Duration.ofMinutes(2), Duration.ofSeconds(7), 5_000, 3);

  @Test
  void absentFieldsTakeTheDefaultsWithinTheLimits() {
    StormSettings settings = StormRequest.defaults().toSettings(limits);

    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.liveCap()).as("the default 10,000, lowered to the limit").isEqualTo(5_000);
    assertThat(settings.profile()).isEqualTo(ResourceProfile.BALANCED);
    assertThat(settings.spawners()).isZero();
    assertThat(settings.body().sleep()).isZero();
    assertThat(settings.body().spin()).isZero();
    assertThat(settings.body().failFraction()).isZero();
    assertThat(settings.body().killFraction()).isZero();
    assertThat(settings.tickInterval()).isEqualTo(StormSettings.DEFAULT_TICK_INTERVAL);
  }

  @Test
  void everyFieldIsCarriedOver() {
    StormSettings settings = new StormRequest(120L, 5_000, "Max", 3, 10_000L, 10_000_000L, 1.0, 0.0).toSettings(limits);

    assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.liveCap()).isEqualTo(5_000);
    assertThat(settings.profile()).isEqualTo(ResourceProfile.MAX);
    assertThat(settings.spawners()).isEqualTo(3);
    assertThat(settings.body().sleep()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.body().spin()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.body().failFraction()).isEqualTo(1.0);
  }

  @Test
  void theLimitsComeFromTheProperties() {
    assertThatThrownBy(() -> new StormRequest(121L, 5_001, null, 4, null, null, null, null).toSettings(limits))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
            new Violation("durationSeconds", "must be between 1 and 120 (limit: sample.storm.max-duration), was 121"),
            new Violation("liveCap", "must be between 1 and 5000 (limit: sample.storm.max-live-cap), was 5001"),
            new Violation("spawners",
                "must be between 0 and 3 (limit: sample.storm.max-spawners, default the available cores), was 4")));
  }

  @Test
  void notANumberIsNotAFraction() {
    assertThatThrownBy(() -> new StormRequest(null, null, null, null, null, null, Double.NaN, null).toSettings(limits))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
            .containsExactly(new Violation("failFraction", "must be between 0 and 1, was NaN")));
  }

  @Test
  void theSpawnerLimitDefaultsToTheCores() {
    StormLimits unset = new StormLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), 200_000, null);

    assertThat(unset.spawnerLimit()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(limits.spawnerLimit()).isEqualTo(3);
  }

  @Test
  void limitsOutOfRangeNameTheirProperty() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new StormLimits(Duration.ZERO, second, 1, null))
        .hasMessageContaining("sample.storm.max-duration");
    assertThatThrownBy(() -> new StormLimits(second, Duration.ofSeconds(2), 1, null))
        .hasMessageContaining("sample.storm.default-duration");
    assertThatThrownBy(() -> new StormLimits(second, second, 0, null))
        .hasMessageContaining("sample.storm.max-live-cap");
    assertThatThrownBy(() -> new StormLimits(second, second, 1, 0))
        .hasMessageContaining("sample.storm.max-spawners");
  }
}
