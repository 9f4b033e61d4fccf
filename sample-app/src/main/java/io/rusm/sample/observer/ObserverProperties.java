package io.rusm.sample.observer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The observer's process table.
 *
 * @param maxRows the most processes one observer request may list; walking the table costs time in
 *     proportion to the rows taken
 */
@ConfigurationProperties("sample.observer")
public record ObserverProperties(@DefaultValue("1000") int maxRows) {

  /**
   * @throws IllegalArgumentException if {@code maxRows} is not positive
   */
  public ObserverProperties {
    if (maxRows < 1) {
      throw new IllegalArgumentException("sample.observer.max-rows must be positive, was " + maxRows);
    }
  }
}
