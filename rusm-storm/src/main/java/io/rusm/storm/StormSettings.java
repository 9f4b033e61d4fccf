package io.rusm.storm;

import java.time.Duration;

/**
 * How a storm runs. Start from {@link #defaults()} and change what you need with the {@code with}
 * methods; each checks its value.
 *
 * @param duration how long the storm runs, or {@code null} to run until stopped
 * @param liveCap spawners spawn only while fewer than this many processes are live: a safety net that
 *     bounds the population, not the operating point
 * @param profile how many cores spawn, when {@code spawners} is 0
 * @param spawners an explicit number of spawner threads, or 0 to take it from {@code profile}
 * @param body what each process does
 * @param tickInterval how often the storm is sampled into a {@link StormTick}
 */
public record StormSettings(
    Duration duration,
    int liveCap,
    ResourceProfile profile,
    int spawners,
    StormBody body,
    Duration tickInterval) {

  /** The default live cap. */
  public static final int DEFAULT_LIVE_CAP = 10_000;

  /** The default tick interval. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(250);

  /**
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public StormSettings {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive (or null to run until stopped), was "
          + duration);
    }
    if (liveCap <= 0) {
      throw new IllegalArgumentException("liveCap must be positive, was " + liveCap);
    }
    if (profile == null) {
      throw new IllegalArgumentException("profile must not be null");
    }
    if (spawners < 0) {
      throw new IllegalArgumentException("spawners must be zero (from the profile) or positive, was "
          + spawners);
    }
    if (body == null) {
      throw new IllegalArgumentException("body must not be null");
    }
    if (tickInterval == null || tickInterval.toMillis() < 1) {
      throw new IllegalArgumentException("tickInterval must be at least 1ms, was " + tickInterval);
    }
  }

  /** Until stopped, live cap 10,000, balanced profile, yield-once body, a tick every 250 ms. */
  public static StormSettings defaults() {
    return new StormSettings(null, DEFAULT_LIVE_CAP, ResourceProfile.BALANCED, 0, StormBody.yieldOnce(),
        DEFAULT_TICK_INTERVAL);
  }

  /** These settings, running for {@code duration} ({@code null}: until stopped). */
  public StormSettings withDuration(Duration duration) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** These settings, with live cap {@code liveCap}. */
  public StormSettings withLiveCap(int liveCap) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** These settings, with resource profile {@code profile}. */
  public StormSettings withProfile(ResourceProfile profile) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** These settings, with {@code spawners} spawner threads (0: from the profile). */
  public StormSettings withSpawners(int spawners) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** These settings, with process body {@code body}. */
  public StormSettings withBody(StormBody body) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** These settings, ticking every {@code tickInterval}. */
  public StormSettings withTickInterval(Duration tickInterval) {
    return new StormSettings(duration, liveCap, profile, spawners, body, tickInterval);
  }

  /** The number of spawner threads on a machine with {@code cores} cores. */
  public int spawnerCount(int cores) {
    return spawners > 0 ? spawners : profile.spawners(cores);
  }
}
