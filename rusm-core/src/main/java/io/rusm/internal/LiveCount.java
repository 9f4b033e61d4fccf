package io.rusm.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's count of live processes: the admission gate for its process limit and the figure
 * operators read. Not part of the rusm API.
 *
 * <h2>Design note</h2>
 * The count is two monotone counters, each on its own cache line: {@code admitted}, raised only by
 * spawners, and {@code released}, raised only by exiting processes; live is their difference. One
 * counter raised by spawners and lowered by exits would move its line between the spawner's core and
 * every core a process exits on, at every spawn and every exit (a one-spawner storm profile put a
 * twentieth of the runtime's CPU in the spawner's compare-and-set alone). Split, a spawner admits by a
 * compare-and-set on a line that stays in its own cache, and an exit adds to a line only exits share.
 *
 * <p>The limit stays exact without the spawner reading {@code released} at each spawn: it checks against
 * {@code releasedSeen}, a value of {@code released} read earlier. {@code released} only grows, so an old
 * value overstates live and can only refuse too early, never admit too many; a spawner that finds the
 * limit reached by that measure reads {@code released} afresh before refusing. So a spawn pays for the
 * exits' line once per {@code maxProcesses} spawns rather than at each one.
 *
 * <p>Memory order: every access to the three fields is volatile, so they fall into one total order. An
 * admission's compare-and-set succeeds only when the value it replaces, less some earlier value of
 * {@code released}, is below the limit, so at every moment {@code admitted - released <= limit}. Two
 * readings, each safe for its use:
 * <ul>
 *   <li>{@link #get()} reads {@code admitted} first: {@code released} can only have grown by the time it
 *       is read, so the reading is at most the count at the first read, never above the limit. It then
 *       reads {@code admitted} again: unchanged, the difference is the exact count at the instant
 *       {@code released} was read; changed, it tries again, twice at most, and then gives the bound.
 *   <li>{@link #isZeroAt(long)} and {@link #isZero()} read {@code released} first: {@code admitted} can
 *       only have grown by the second read, so a difference of zero means no process was live at the
 *       first read and none was admitted until the second. Termination relies on this: it must never see
 *       zero while a process is live.
 * </ul>
 */
public final class LiveCount extends LiveCountReleased {

  private static final VarHandle ADMITTED;
  private static final VarHandle RELEASED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ADMITTED = lookup.findVarHandle(LiveCountAdmitted.class, "admitted", long.class);
      RELEASED = lookup.findVarHandle(LiveCountReleased.class, "released", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // How many times get() reads released before it settles for a bound.
  private static final int MAX_READS = 3;

  @SuppressWarnings("unused")
  private long p20, p21, p22, p23, p24, p25, p26, p27;

  /**
   * Counts one more live process if fewer than {@code limit} are counted.
   *
   * @return the admission's number, from 0 up, each number given once (the runtime's pid for the
   *     process, so that one atomic operation both admits and names it); or -1 if none was counted
   */
  public long tryAdmit(long limit) {
    long seen = releasedSeen;
    long a = admitted;
    while (true) {
      if (a - seen >= limit) {
        long fresh = released;
        if (a - fresh >= limit) {
          return -1;
        }
        seen = fresh;
        releasedSeen = fresh;
      }
      long witness = (long) ADMITTED.compareAndExchange(this, a, a + 1);
      if (witness == a) {
        return a;
      }
      a = witness;
    }
  }

  /** Admissions ever made. */
  public long admitted() {
    return admitted;
  }

  /**
   * Counts one live process out.
   *
   * @return the processes released so far, this one included: pass it to {@link #isZeroAt(long)}
   */
  public long release() {
    return (long) RELEASED.getAndAdd(this, 1L) + 1;
  }

  /**
   * Whether no process was live when the release that returned {@code released} was made, and none has
   * been admitted since.
   */
  public boolean isZeroAt(long released) {
    return admitted == released;
  }

  /** Whether no process is live: never true while one is. */
  public boolean isZero() {
    return isZeroAt(released);
  }

  /**
   * The live processes: never above the limit, and the exact count at one instant unless spawns keep
   * landing while it reads.
   */
  public long get() {
    long a = admitted;
    for (int tries = 1; ; tries++) {
      long r = released;
      long again = admitted;
      // Unchanged around the read of released: at that instant admitted was a, so a - r is the count
      // then. Otherwise a - r, with a read first, is at most the count: a spawn storm that moves admitted
      // at every try gets that bound rather than a reader that spins.
      if (again == a || tries == MAX_READS) {
        return Math.max(0, a - r);
      }
      a = again;
    }
  }

  @Override
  public String toString() {
    return Long.toString(get());
  }
}

abstract class LiveCountLeftPadding {
  @SuppressWarnings("unused")
  private long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class LiveCountAdmitted extends LiveCountLeftPadding {
  // Both written only by spawners: admitted by compare-and-set; releasedSeen by plain volatile writes
  // that may race (a later write of an older value is harmless: any value released held is safe).
  volatile long admitted;
  volatile long releasedSeen;
}

abstract class LiveCountMiddlePadding extends LiveCountAdmitted {
  @SuppressWarnings("unused")
  private long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class LiveCountReleased extends LiveCountMiddlePadding {
  // Written only by exiting processes (and withdrawn spawns), by getAndAdd.
  volatile long released;
}
