package io.rusm.sample.storm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a storm started from the web may ask for, so that no request takes the machine down. A request
 * beyond a limit gets 400, naming the field and the limit.
 *
 * @param maxDuration the longest storm; every storm started from the web has a duration
 * @param defaultDuration the duration of a storm whose request names none
 * @param maxLiveCap the largest live cap, which bounds the storm's population and so its memory
 * @param maxSpawners the most spawner threads; unset, the number of available cores
 */
@ConfigurationProperties("sample.storm")
public record StormLimits(
    @DefaultValue("5m") Duration maxDuration,
    @DefaultValue("10s") Duration defaultDuration,
    @DefaultValue("200000") int maxLiveCap,
    Integer maxSpawners) {

  /**
   * @throws IllegalArgumentException naming the property that is out of range
   */
  public StormLimits {
    if (maxDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("sample.storm.max-duration must be at least 1s, was " + maxDuration);
    }
    if (defaultDuration.compareTo(Duration.ofSeconds(1)) < 0 || defaultDuration.compareTo(maxDuration) > 0) {
      throw new IllegalArgumentException("sample.storm.default-duration must be between 1s and"
          + " sample.storm.max-duration (" + maxDuration + "), was " + defaultDuration);
    }
    if (maxLiveCap < 1) {
      throw new IllegalArgumentException("sample.storm.max-live-cap must be positive, was " + maxLiveCap);
    }
    if (maxSpawners != null && maxSpawners < 1) {
      throw new IllegalArgumentException("sample.storm.max-spawners must be positive, was " + maxSpawners);
    }
  }

  /** The most spawner threads a storm may have: {@link #maxSpawners()}, or the available cores. */
  public int spawnerLimit() {
    return maxSpawners != null ? maxSpawners : Runtime.getRuntime().availableProcessors();
  }
}
