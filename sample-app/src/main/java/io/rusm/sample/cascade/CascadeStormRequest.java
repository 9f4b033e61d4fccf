package io.rusm.sample.cascade;

import io.rusm.sample.web.InvalidInputException;
import io.rusm.sample.web.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of {@code POST /api/cascade-storms}. Every field may be left out and then takes its default.
 *
 * @param durationSeconds how long trees are built; default {@link CascadeStormLimits#defaultDuration()}
 * @param size processes in each tree, at least 2; default {@value #DEFAULT_SIZE}, or the limit if lower
 * @param fanOut children of each process (1 makes a chain, {@code size - 1} or more a star); default
 *     {@value #DEFAULT_FAN_OUT}, or the limit if lower
 */
public record CascadeStormRequest(Long durationSeconds, Integer size, Integer fanOut) {

  /** The size of a tree when the request names none. */
  public static final int DEFAULT_SIZE = 1_000;

  /** The fan-out when the request names none. */
  public static final int DEFAULT_FAN_OUT = 4;

  /** A request with every field left out. */
  public static CascadeStormRequest defaults() {
    return new CascadeStormRequest(null, null, null);
  }

  /**
   * The settings this request asks for, within {@code limits}.
   *
   * @throws InvalidInputException listing every field that is out of range
   */
  CascadeSettings toSettings(CascadeStormLimits limits) {
    List<Violation> violations = new ArrayList<>();
    long duration = check(violations, "durationSeconds", durationSeconds, limits.defaultDuration().toSeconds(), 1,
        limits.maxDuration().toSeconds(), "sample.cascade.max-duration");
    long processes = check(violations, "size", size, Math.min(DEFAULT_SIZE, limits.maxSize()), 2, limits.maxSize(),
        "sample.cascade.max-size");
    long children = check(violations, "fanOut", fanOut, Math.min(DEFAULT_FAN_OUT, limits.maxFanOut()), 1,
        limits.maxFanOut(), "sample.cascade.max-fan-out");
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return new CascadeSettings(Duration.ofSeconds(duration), (int) processes, (int) children);
  }

  private static long check(List<Violation> violations, String field, Number value, long defaultValue,
      long min, long max, String limitProperty) {
    if (value == null) {
      return defaultValue;
    }
    long v = value.longValue();
    if (v < min || v > max) {
      violations.add(new Violation(field, "must be between " + min + " and " + max + " (limit: " + limitProperty
          + "), was " + v));
    }
    return v;
  }
}
