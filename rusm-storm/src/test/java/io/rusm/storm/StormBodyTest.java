package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StormBodyTest {

  private final StormBody yieldOnce = StormBody.yieldOnce();

  @Test
  void theDefaultBodyNeitherPausesNorFailsNorIsKilled() {
    assertThat(yieldOnce).isEqualTo(new StormBody(Duration.ZERO, Duration.ZERO, 0, 0));
  }

  @Test
  void withersChangeOneOptionEach() {
    StormBody b = yieldOnce.withSleep(Duration.ofMillis(3)).withSpin(Duration.ofMillis(2)).withFailFraction(0.25)
        .withKillFraction(0.5);
    assertThat(b).isEqualTo(new StormBody(Duration.ofMillis(3), Duration.ofMillis(2), 0.25, 0.5));
  }

  @Test
  void pausesRunFromZeroToTheMaximum() {
    assertThat(yieldOnce.withSleep(StormBody.MAX_PAUSE).sleep()).isEqualTo(Duration.ofSeconds(10));
    assertThatIllegalArgumentException().isThrownBy(() -> yieldOnce.withSleep(null))
        .withMessage("sleep must be between 0 and PT10S, was null");
    assertThatIllegalArgumentException().isThrownBy(() -> yieldOnce.withSleep(Duration.ofNanos(-1)))
        .withMessage("sleep must be between 0 and PT10S, was PT-0.000000001S");
    assertThatIllegalArgumentException().isThrownBy(() -> yieldOnce.withSpin(Duration.ofMillis(10_001)))
        .withMessage("spin must be between 0 and PT10S, was PT10.001S");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void fractionsRunFromZeroToOne(double bad) {
    assertThatIllegalArgumentException().isThrownBy(() -> yieldOnce.withFailFraction(bad))
        .withMessage("failFraction must be between 0 and 1, was " + bad);
    assertThatIllegalArgumentException().isThrownBy(() -> yieldOnce.withKillFraction(bad))
        .withMessage("killFraction must be between 0 and 1, was " + bad);
  }

  @Test
  void fractionsMayBeZeroOrOne() {
    assertThat(yieldOnce.withFailFraction(1).withKillFraction(1).failFraction()).isEqualTo(1);
    assertThat(yieldOnce.withFailFraction(0).killFraction()).isZero();
  }
}
