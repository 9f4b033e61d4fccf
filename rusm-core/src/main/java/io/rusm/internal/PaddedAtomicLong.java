package io.rusm.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An atomic {@code long} alone on its cache line. Not part of the rusm API.
 *
 * <p>For the runtime's pid counter, written at every spawn: next to fields that other threads write (the
 * live count's exits, the run state's readers), each write would evict them from the other cores'
 * caches (false sharing), which a spawn storm profile showed as a tenth of the spawner's time. The
 * padding fields keep 64 bytes on each side of the value (HotSpot lays a superclass's fields out before
 * a subclass's).
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
