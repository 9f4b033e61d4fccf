package io.rusm.sample.messages;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a message storm started from the web may ask for, so that no request takes the machine down. A
 * request beyond a limit gets 400, naming the field and the limit.
 *
 * @param maxDuration the longest message storm; every one started from the web has a duration
 * @param defaultDuration the duration of a message storm whose request names none
 * @param maxPairs the most ping-pong pairs (the engine allows 10,000)
 * @param maxRing the most processes in a ring (the engine allows 100,000)
 * @param maxSenders the most fan-in senders (the engine allows 10,000)
 * @param maxWindow the largest fan-in window, which with the senders bounds the receiver's mailbox
 */
@ConfigurationProperties("sample.messages")
public record MessageStormLimits(
    @DefaultValue("5m") Duration maxDuration,
    @DefaultValue("10s") Duration defaultDuration,
    @DefaultValue("10000") int maxPairs,
    @DefaultValue("100000") int maxRing,
    @DefaultValue("10000") int maxSenders,
    @DefaultValue("1000") int maxWindow) {

  /**
   * @throws IllegalArgumentException naming the property that is out of range
   */
  public MessageStormLimits {
    if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("sample.messages.max-duration must be at least 1s, was " + maxDuration);
    }
    if (defaultDuration.compareTo(Duration.ofSeconds(1)) < 0 || defaultDuration.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException("sample.messages.default-duration must be between 1s and"
          + " sample.messages.max-duration (" + maxDuration + "), was " + defaultDuration);
    }
    requireIn("sample.messages.max-pairs", maxPairs, 1, 10_000);
    requireIn("sample.messages.max-ring", maxRing, 2, 100_000);
    requireIn("sample.messages.max-senders", maxSenders, 1, 10_000);
    requireIn("sample.messages.max-window", maxWindow, 1, 10_000);
  }

  private static void requireIn(String property, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
