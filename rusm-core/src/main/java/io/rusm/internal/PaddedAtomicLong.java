package io.rusm.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An atomic {@code long} alone on its cache line. Not part of the rusm API.
 *
 * <p>The runtime's hot counters are written by different threads: pids are minted only by spawners,
 * while the live count is raised by spawners and lowered by every exiting process. Side by side on one
 * line, each write would evict the other counter from the other core's cache (false sharing), which a
 * spawn storm profile showed as a tenth of the spawner's time. The padding fields keep 64 bytes on each
 * side of the value (HotSpot lays a superclass's fields out before a subclass's).
 */
public final class PaddedAtomicLong extends PaddedValue {

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(PaddedValue.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused")
  private long p10, p11, p12, p13, p14, p15, p16, p17;

  /** The current value. */
  public long get() {
    return value;
  }

  /** Adds one and returns the new value. */
  public long incrementAndGet() {
    return (long) VALUE.getAndAdd(this, 1L) + 1;
  }

  /**
   * Adds one if the value is below {@code bound}, by compare-and-set, so the value never passes the
   * bound even for a moment.
   *
   * @return whether it added one
   */
  public boolean tryIncrementBelow(long bound) {
    long v = value;
    while (v < bound) {
      long witness = (long) VALUE.compareAndExchange(this, v, v + 1);
      if (witness == v) {
        return true;
      }
      v = witness;
    }
    return false;
  }

  /** Subtracts one and returns the new value. */
  public long decrementAndGet() {
    return (long) VALUE.getAndAdd(this, -1L) - 1;
  }

  /** Adds one and returns the previous value. */
  public long getAndIncrement() {
    return (long) VALUE.getAndAdd(this, 1L);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}

abstract class LeftPadding {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class PaddedValue extends LeftPadding {
  volatile long value;
}
