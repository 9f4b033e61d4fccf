package io.rusm.storm;

/**
 * Thrown on purpose by the storm processes chosen by {@link StormBody#failFraction()}, so that failed
 * exits show in the counts and metrics. Seeing it in a log means a storm asked for failures, not that
 * anything is wrong. Carries no stack trace: it is made by the thousand and says all it needs in its name.
 */
public final class StormFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A planned failure. */
  public StormFailure() {
    super("planned failure", null, false, false);
  }
}
