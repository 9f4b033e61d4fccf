package io.rusm.sample.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rusm.sample.web.InvalidInputException;
import io.rusm.sample.web.Violation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Turning a request into cascade settings within the limits, and the limits themselves. */
class CascadeStormRequestTests {

  private final CascadeStormLimits limits = new CascadeStormLimits(Duration.ofMinutes(2), Duration.ofSeconds(7), 500, 3);

  @Test
  void absentFieldsTakeTheDefaultsWithinTheLimits() {
    CascadeSettings settings = CascadeStormRequest.defaults().toSettings(limits);

    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.size()).as("the default 1,000, lowered to the limit").isEqualTo(500);
    assertThat(settings.fanOut()).as("the default 4, lowered to the limit").isEqualTo(3);
  }

  @Test
  void everyFieldIsCarriedOver() {
    CascadeSettings settings = new CascadeStormRequest(120L, 2, 1).toSettings(limits);

    assertThat(settings).isEqualTo(new CascadeSettings(Duration.ofMinutes(2), 2, 1));
  }

  @Test
  void theLimitsComeFromTheProperties() {
    assertThatThrownBy(() -> new CascadeStormRequest(121L, 501, 4).toSettings(limits))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations()).containsExactly(
            new Violation("durationSeconds", "must be between 1 and 120 (limit: sample.cascade.max-duration), was 121"),
            new Violation("size", "must be between 2 and 500 (limit: sample.cascade.max-size), was 501"),
            new Violation("fanOut", "must be between 1 and 3 (limit: sample.cascade.max-fan-out), was 4")));
  }

  @ParameterizedTest(name = "{0} processes, fan-out {1}: depth {2}")
  @CsvSource({"2, 1, 2", "10, 1, 10", "15, 2, 4", "16, 2, 5", "1000, 4, 6", "20, 19, 2", "20, 1000, 2",
      "1000000, 1000000, 2"})
  void theDepthIsTheLevelsOfTheTree(int size, int fanOut, int depth) {
    assertThat(new CascadeSettings(Duration.ofSeconds(1), size, fanOut).depth()).isEqualTo(depth);
  }

  @Test
  void limitsOutOfRangeNameTheirProperty() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new CascadeStormLimits(Duration.ZERO, second, 2, 1))
        .hasMessageContaining("sample.cascade.max-duration");
    assertThatThrownBy(() -> new CascadeStormLimits(second, Duration.ofSeconds(2), 2, 1))
        .hasMessageContaining("sample.cascade.default-duration");
    assertThatThrownBy(() -> new CascadeStormLimits(second, Duration.ZERO, 2, 1))
        .hasMessageContaining("sample.cascade.default-duration");
    assertThatThrownBy(() -> new CascadeStormLimits(second, second, 1, 1))
        .hasMessage("sample.cascade.max-size must be between 2 and 1000000, was 1");
    assertThatThrownBy(() -> new CascadeStormLimits(second, second, 2, 0))
        .hasMessage("sample.cascade.max-fan-out must be between 1 and 1000000, was 0");
  }
}
