package io.rusm.sample.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.storm.MessageStormSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A request that leaves a field out gets the default, but never beyond the limit the application set. */
class MessageStormRequestTests {

  private static MessageStormLimits limits(int maxPairs, int maxRing, int maxSenders, int maxWindow) {
    return new MessageStormLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), maxPairs, maxRing, maxSenders,
        maxWindow);
  }

  @Test
  void theDefaultRingSizeStaysWithinTheMaxRing() {
    MessageStormSettings settings = MessageStormRequest.defaults().toSettings(limits(10_000, 1_000, 10_000, 1_000));
    assertThat(settings.size()).isEqualTo(1_000);
  }

  @Test
  void theDefaultPairsStayWithinTheMaxPairs() {
    MessageStormSettings settings = new MessageStormRequest("ping-pong", null, null, null)
        .toSettings(limits(50, 100_000, 10_000, 1_000));
    assertThat(settings.size()).isEqualTo(50);
  }

  @Test
  void theDefaultSendersAndWindowStayWithinTheirLimits() {
    MessageStormSettings settings = new MessageStormRequest("fan-in", null, null, null)
        .toSettings(limits(10_000, 100_000, 20, 10));
    assertThat(settings.size()).isEqualTo(20);
    assertThat(settings.window()).isEqualTo(10);
  }

  @Test
  void defaultsUnderTheLimitsAreTheEnginesOwn() {
    MessageStormSettings settings = MessageStormRequest.defaults().toSettings(limits(10_000, 100_000, 10_000, 1_000));
    assertThat(settings.size()).isEqualTo(10_000);
    assertThat(settings.window()).isEqualTo(MessageStormSettings.DEFAULT_WINDOW);
    assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(10));
  }
}
