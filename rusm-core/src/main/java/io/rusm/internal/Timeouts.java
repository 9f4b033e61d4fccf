package io.rusm.internal;

import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action when its deadline passes unless it was cancelled first: the timeouts of
 * {@code ProcessRuntime.ask}. Not part of the rusm API.
 *
 * <h2>Design note</h2>
 * {@link java.util.concurrent.CompletableFuture#orTimeout} puts each timeout on a shared scheduled
 * executor whose thread is woken whenever the queue's first task changes; when each request is answered
 * before the next is made, that is every request, a thread wake-up (measured, 5 to 9 microseconds of
 * each ask's round trip). Here one daemon thread sleeps until the earliest deadline it knows of, and a
 * new deadline wakes it only if it is earlier still: requests made with the same timeout, one after
 * another, wake it about once per timeout period (when it finds that what it slept for was cancelled,
 * and when the next request finds it idle), not once per request. Pending timeouts sit in a skip list ordered by deadline, so adding and cancelling one is
 * O(log n) with no lock, and a cancelled one retains nothing.
 *
 * <p>The thread starts with the first timeout and ends at {@link #close()}. An action runs on it, so it
 * must be short (completing a future: its dependants that were not made async run there too, as they do
 * on {@code orTimeout}'s thread).
 */
public final class Timeouts {

  /** A scheduled action: cancel it with {@link Timeouts#cancel}. */
  public static final class Timeout implements Comparable<Timeout> {
    private final long deadline;
    private final long seq;
    private final Runnable action;

    private Timeout(long deadline, long seq, Runnable action) {
      this.deadline = deadline;
      this.seq = seq;
      this.action = action;
    }

    // By deadline (as nanoTime values: by their difference, which survives a wrap), then by order made.
    @Override
    public int compareTo(Timeout o) {
      long d = deadline - o.deadline;
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
    }
  }

  /**
   * Delays from this one up (146 years) never end: deadlines are compared by their difference, as
   * nanoTime values must be, which holds only while any two pending ones are less than 2^63 apart.
   */
  public static final long NEVER = Long.MAX_VALUE / 2;

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int CLOSED = 2;

  private final String threadName;
  private final ConcurrentSkipListSet<Timeout> pending = new ConcurrentSkipListSet<>();
  // Ties between equal deadlines: makes every timeout distinct in the set.
  private final AtomicLong seq = new AtomicLong();

  // NEW until the first timeout starts the thread (moved from NEW under this object's lock, so two first
  // timeouts start one thread), CLOSED once closed.
  private final AtomicInteger state = new AtomicInteger(NEW);
  // Written once, before the thread starts and before state leaves NEW; read by schedulers that saw
  // RUNNING, so it is seen set.
  private volatile Thread thread;

  // The deadline the thread sleeps until, and whether it sleeps with none (idle). The thread writes them
  // (volatile) and then looks at the first pending timeout once more before it parks; a scheduler adds
  // its timeout (a compare-and-set in the skip list) and then reads them. One of the two sees the other,
  // so a deadline earlier than the one slept for is never missed: the thread finds it, or the scheduler
  // unparks it.
  private volatile long wakeAt;
  private volatile boolean idle = true;

  /** @param threadName the name of the thread that runs the actions */
  public Timeouts(String threadName) {
    this.threadName = threadName;
  }

  /**
   * Runs {@code action} once {@code nanos} have passed, unless {@link #cancel cancelled} first.
   *
   * @param nanos the delay, at least 0; {@link #NEVER} or more means never
   * @return the handle to cancel it with, or {@code null} if it will never run (a delay of {@link
   *     #NEVER} or more, or closed)
   */
  public Timeout schedule(long nanos, Runnable action) {
    if (nanos >= NEVER || state.get() == CLOSED) {
      return null;
    }
    Timeout t = new Timeout(System.nanoTime() + nanos, seq.getAndIncrement(), action);
    pending.add(t);
    if (state.get() == NEW) {
      start();
    }
    if (idle || t.deadline - wakeAt < 0) {
      LockSupport.unpark(thread);
    }
    return t;
  }

  /** Cancels {@code timeout} (null: nothing); its action will not run if it has not started. */
  public void cancel(Timeout timeout) {
    if (timeout != null) {
      pending.remove(timeout);
    }
  }

  /** Timeouts scheduled and neither run nor cancelled. */
  public int pending() {
    return pending.size();
  }

  /** Stops the thread; pending timeouts are dropped and later ones never run. */
  public void close() {
    if (state.getAndSet(CLOSED) == RUNNING) {
      LockSupport.unpark(thread);
    }
    pending.clear();
  }

  private void start() {
    // Started by whichever thread asks first (a request thread, say): it must not keep that thread's
    // inheritable thread-locals for the runtime's lifetime.
    Thread t = Thread.ofPlatform().daemon().name(threadName).inheritInheritableThreadLocals(false)
        .unstarted(this::run);
    synchronized (this) {
      if (state.get() != NEW) {
        return;
      }
      thread = t;
      // Not a plain set: close() takes no lock, and a close between the look above and this must win.
      if (!state.compareAndSet(NEW, RUNNING)) {
        return;
      }
    }
    t.start();
  }

  private void run() {
    while (state.get() == RUNNING) {
      Timeout first = pending.isEmpty() ? null : firstOrNull();
      if (first == null) {
        idle = true;
        if (pending.isEmpty() && state.get() == RUNNING) {
          LockSupport.park(this);
        }
        continue;
      }
      long wait = first.deadline - System.nanoTime();
      if (wait <= 0) {
        if (pending.remove(first)) {
          fire(first);
        }
        continue;
      }
      wakeAt = first.deadline;
      idle = false;
      if (firstOrNull() == first && state.get() == RUNNING) {
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  // An action that throws is reported as the thread's uncaught exception would be, and the thread goes on.
  private static void fire(Timeout t) {
    try {
      t.action.run();
    } catch (Throwable e) {
      Thread self = Thread.currentThread();
      self.getUncaughtExceptionHandler().uncaughtException(self, e);
    }
  }

  // The earliest pending timeout; null if none (a concurrent cancel may empty the set between calls).
  private Timeout firstOrNull() {
    try {
      return pending.first();
    } catch (NoSuchElementException empty) {
      return null;
    }
  }
}
