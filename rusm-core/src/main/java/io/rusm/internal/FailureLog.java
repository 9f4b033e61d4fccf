package io.rusm.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Logs process failures at most once per interval, so a storm in which thousands of processes fail per
 * second writes one line per interval instead of flooding the log. The line after a quiet spell says how
 * many failures went unlogged. Not part of the rusm API.
 *
 * <p>Logs through {@link System.Logger}; Spring Boot routes it to the application's logging system.
 */
public final class FailureLog {

  private final System.Logger logger;
  private final long intervalNanos;
  private final LongSupplier clock;

  // The earliest nanoTime at which the next failure may be logged. Whoever moves it forward by CAS logs;
  // everyone else only counts, so failing processes never contend on the logger.
  private final AtomicLong nextLogAt;
  private final LongAdder unlogged = new LongAdder();

  /**
   * @param logger where failures go
   * @param intervalNanos the least time between two logged failures
   * @param clock a {@link System#nanoTime()}-like clock
   */
  public FailureLog(System.Logger logger, long intervalNanos, LongSupplier clock) {
    this.logger = logger;
    this.intervalNanos = intervalNanos;
    this.clock = clock;
    this.nextLogAt = new AtomicLong(clock.getAsLong());
  }

  /** One line a second to {@code logger}, timed by {@link System#nanoTime()}. */
  public FailureLog(System.Logger logger) {
    this(logger, TimeUnit.SECONDS.toNanos(1), System::nanoTime);
  }

  /** Records that the process {@code process} failed with {@code cause}; logs it if the interval allows. */
  public void failed(Object process, Throwable cause) {
    long now = clock.getAsLong();
    long next = nextLogAt.get();
    if (now - next < 0 || !nextLogAt.compareAndSet(next, now + intervalNanos)) {
      unlogged.increment();
      return;
    }
    long skipped = unlogged.sumThenReset();
    if (skipped == 0) {
      logger.log(Level.WARNING, "process " + process + " failed", cause);
    } else {
      logger.log(Level.WARNING, "process " + process + " failed (" + skipped
          + " more process failures since the last one logged were not logged)", cause);
    }
  }
}
