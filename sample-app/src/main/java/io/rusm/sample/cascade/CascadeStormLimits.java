package io.rusm.sample.cascade;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a cascade storm started from the web may ask for, so that no request takes the machine down. A
 * request beyond a limit gets 400, naming the field and the limit.
 *
 * @param maxDuration the longest cascade storm; every one started from the web has a duration
 * @param defaultDuration the duration of a cascade storm whose request names none
 * @param maxSize the most processes in one tree: the tree is built whole before its kill, so this bounds
 *     the memory a storm holds at once
 * @param maxFanOut the most children each process of a tree may spawn
 */
@ConfigurationProperties("sample.cascade")
public record CascadeStormLimits(
    @DefaultValue("5m") Duration maxDuration,
    @DefaultValue("10s") Duration defaultDuration,
    @DefaultValue("100000") int maxSize,
    @DefaultValue("1000") int maxFanOut) {

  /**
   * @throws IllegalArgumentException naming the property that is out of range
   */
  public CascadeStormLimits {
    if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("sample.cascade.max-duration must be at least 1s, was " + maxDuration);
    }
    if (defaultDuration.compareTo(Duration.ofSeconds(1)) < 0 || defaultDuration.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException("sample.cascade.default-duration must be between 1s and"
          + " sample.cascade.max-duration (" + maxDuration + "), was " + defaultDuration);
    }
    requireIn("sample.cascade.max-size", maxSize, 2, 1_000_000);
    requireIn("sample.cascade.max-fan-out", maxFanOut, 1, 1_000_000);
  }

  private static void requireIn(String property, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(property + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
