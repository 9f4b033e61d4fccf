package io.rusm.sample.storm;

import io.rusm.sample.web.InvalidInputException;
import io.rusm.sample.web.Violation;
import io.rusm.storm.ResourceProfile;
import io.rusm.storm.StormBody;
import io.rusm.storm.StormSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON body of {@code POST /api/storms}. Every field may be left out and then takes its default.
 *
 * @param durationSeconds how long the storm runs; default {@link StormLimits#defaultDuration()}
 * @param liveCap the most processes live at once; default 10,000
 * @param profile {@code light}, {@code balanced} (default) or {@code max}: how many cores spawn
 * @param spawners an explicit number of spawner threads; 0 (default) takes it from the profile
 * @param sleepMs how long each process sleeps, in milliseconds; default 0
 * @param spinMicros how long each process spins on the CPU, in microseconds; default 0
 * @param failFraction the fraction of processes that throw, 0 to 1; default 0
 * @param killFraction the fraction of processes killed right after spawning, 0 to 1; default 0
 */
public record StormRequest(
    Long durationSeconds,
    Integer liveCap,
    String profile,
    Integer spawners,
    Long sleepMs,
    Long spinMicros,
    Double failFraction,
    Double killFraction) {

  /** A request with every field left out. */
  public static StormRequest defaults() {
    return new StormRequest(null, null, null, null, null, null, null, null);
  }

  /**
   * The storm settings this request asks for, within {@code limits}.
   *
   * @throws InvalidInputException listing every field that is out of range
   */
  public StormSettings toSettings(StormLimits limits) {
    List<Violation> violations = new ArrayList<>();
    long maxSeconds = limits.maxDuration().toSeconds();
    long duration = check(violations, "durationSeconds", durationSeconds,
        limits.defaultDuration().toSeconds(), 1, maxSeconds, "sample.storm.max-duration");
    long cap = check(violations, "liveCap", liveCap == null ? null : liveCap.longValue(),
        Math.min(StormSettings.DEFAULT_LIVE_CAP, limits.maxLiveCap()), 1, limits.maxLiveCap(),
        "sample.storm.max-live-cap");
    long spawnerCount = check(violations, "spawners", spawners == null ? null : spawners.longValue(),
        0, 0, limits.spawnerLimit(), "sample.storm.max-spawners, default the available cores");
    long sleep = check(violations, "sleepMs", sleepMs, 0, 0, StormBody.MAX_PAUSE.toMillis(), null);
    long spin = check(violations, "spinMicros", spinMicros, 0, 0, StormBody.MAX_PAUSE.toNanos() / 1000, null);
    double fail = fraction(violations, "failFraction", failFraction);
    double kill = fraction(violations, "killFraction", killFraction);
    ResourceProfile resourceProfile = profile(violations);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    StormBody body = new StormBody(Duration.ofMillis(sleep), Duration.ofNanos(spin * 1000), fail, kill);
    return StormSettings.defaults()
        .withDuration(Duration.ofSeconds(duration))
        .withLiveCap((int) cap)
        .withProfile(resourceProfile)
        .withSpawners((int) spawnerCount)
        .withBody(body);
  }

  private static long check(List<Violation> violations, String field, Long value, long defaultValue,
      long min, long max, String limitProperty) {
    if (value == null) {
      return defaultValue;
    }
    if (value < min || value > max) {
      violations.add(new Violation(field, "must be between " + min + " and " + max
          + (limitProperty == null ? "" : " (limit: " + limitProperty + ")") + ", was " + value));
    }
    return value;
  }

  private static double fraction(List<Violation> violations, String field, Double value) {
    if (value == null) {
      return 0;
    }
    if (!(value >= 0 && value <= 1)) {
      violations.add(new Violation(field, "must be between 0 and 1, was " + value));
    }
    return value;
  }

  private ResourceProfile profile(List<Violation> violations) {
    if (profile == null) {
      return ResourceProfile.BALANCED;
    }
    try {
      return ResourceProfile.valueOf(profile.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      violations.add(new Violation("profile", "must be one of light, balanced, max, was '" + profile + "'"));
      return ResourceProfile.BALANCED;
    }
  }
}
