package io.rusm.storm;

/** How many cores a storm spawns from, unless {@link StormSettings#spawners()} names a count. */
public enum ResourceProfile {
  /** About a quarter of the cores. */
  LIGHT(4),
  /** About two fifths of the cores: the default. */
  BALANCED(5) {
    @Override
    public int spawners(int cores) {
      return Math.max(1, cores * 2 / 5);
    }
  },
  /** About half of the cores. */
  MAX(2);

  private final int divisor;

  ResourceProfile(int divisor) {
    this.divisor = divisor;
  }

  /**
   * The number of spawner threads for a machine with {@code cores} cores: the profile's share, rounded
   * down, and at least one.
   */
  public int spawners(int cores) {
    return Math.max(1, cores / divisor);
  }
}
