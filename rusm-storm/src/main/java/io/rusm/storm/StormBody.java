package io.rusm.storm;

import java.time.Duration;

/**
 * What each storm process does. By default it yields once and returns; the options make it sleep or spin,
 * fail, or be killed mid-flight, so that every outcome shows in the counts and metrics.
 *
 * @param sleep how long each process sleeps (parked, so killable), zero for none
 * @param spin how long each process spins on the CPU, checking whether it was killed, zero for none
 * @param failFraction the fraction of processes that throw, from 0 to 1
 * @param killFraction the fraction of processes the spawner kills right after spawning, from 0 to 1
 */
public record StormBody(Duration sleep, Duration spin, double failFraction, double killFraction) {

  /** The longest sleep or spin a storm body may have. */
  public static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  /**
   * @throws IllegalArgumentException naming the field that is out of range
   */
  public StormBody {
    requirePause(sleep, "sleep");
    requirePause(spin, "spin");
    requireFraction(failFraction, "failFraction");
    requireFraction(killFraction, "killFraction");
  }

  /** The default body: yield once, return. */
  public static StormBody yieldOnce() {
    return new StormBody(Duration.ZERO, Duration.ZERO, 0, 0);
  }

  /** This body, sleeping for {@code sleep}. */
  public StormBody withSleep(Duration sleep) {
    return new StormBody(sleep, spin, failFraction, killFraction);
  }

  /** This body, spinning for {@code spin}. */
  public StormBody withSpin(Duration spin) {
    return new StormBody(sleep, spin, failFraction, killFraction);
  }

  /** This body, failing for the given fraction of processes. */
  public StormBody withFailFraction(double failFraction) {
    return new StormBody(sleep, spin, failFraction, killFraction);
  }

  /** This body, killed for the given fraction of processes. */
  public StormBody withKillFraction(double killFraction) {
    return new StormBody(sleep, spin, failFraction, killFraction);
  }

  private static void requirePause(Duration d, String name) {
    if (d == null || d.isNegative() || d.compareTo(MAX_PAUSE) > 0) {
      throw new IllegalArgumentException(name + " must be between 0 and " + MAX_PAUSE + ", was " + d);
    }
  }

  private static void requireFraction(double f, String name) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + f);
    }
  }
}
