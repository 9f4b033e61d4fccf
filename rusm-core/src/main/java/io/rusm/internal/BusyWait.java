package io.rusm.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps the JDK's carrier threads awake for a while after a receive runs out of messages, as BEAM's
 * schedulers busy-wait before they sleep. Not part of the rusm API.
 *
 * <h2>Design note</h2>
 * Virtual threads run on one JVM-wide {@code ForkJoinPool} with a carrier per core. Waking a parked
 * virtual thread queues it on the waker's carrier, and if another carrier is idle at that moment the
 * pool wakes that one too (an operating-system wake-up, after which it looks for work). Where work is
 * handed along one process at a time (a token ring, a chain of requests), every hand-off finds the
 * other carriers idle and pays that wake-up, although only one carrier has work: on two cores a raw
 * virtual-thread ring of 10,000 ran at 1.1 to 1.5 M hops/s, and at 2.6 to 3.0 M with one more virtual
 * thread yielding in a loop, which kept the second carrier busy, so that the pool woke nobody.
 *
 * <p>So a receive about to park may first become a <em>keeper</em>: it yields, over and over, until a
 * message arrives for it (which then needs no wake-up: it looks at the tail after each yield, with
 * {@code WAITING} not set), it is killed, its deadline passes, {@value #BUDGET} yields have gone by, or
 * a yield comes back late. Keeping is worth it only while carriers would otherwise sleep, and it has a
 * hazard where they are busy: a virtual thread that yields on a carrier with no local work goes to the
 * pool's shared queue, which a carrier that keeps finding local work does not look at, so a keeper
 * could wait there for hundreds of milliseconds with its message in hand. So a receive keeps only:
 * <ul>
 *   <li>when fewer than {@link #MAX} receives keep (one less than the carriers: every carrier busy is
 *       what stops the pool waking one; with one carrier there is nothing to wake and nobody keeps);
 *   <li>at one park in {@value #SAMPLE_ONE_IN}, drawn at random, so that a park pays a thread-local
 *       random number, not the check below, when keeping would not help;
 *   <li>when the JDK's scheduler reports at most {@link #MAX} virtual threads queued: a ring has one
 *       (the one just handed the token), a thousand busy pairs hundreds. Reading that count looks at
 *       every carrier's queue, lines the carriers write at every task; hence the sampling.
 * </ul>
 * A keeper that has yielded {@value #BUDGET} times carries on for as many again if, meanwhile, a
 * sampled park found every place taken and so parked without keeping: receives are parking fast
 * enough that the carriers would sleep between them. Otherwise it parks, and keeping stops when the
 * parks do: on a ring of 10,000 a lone budget kept a carrier busy three quarters of the time, with a
 * gap of some tens of microseconds after each until another park took the place.
 *
 * <p>A yield that takes longer than {@value #LATE_NANOS} ns came back after other work ran: the carrier
 * is busy without help, and the keeper parks; so does one that finds the queue grown when it looks
 * again, every {@value #SAMPLE_ONE_IN} yields. These make the hazard rare, not impossible: work that
 * floods in while a keeper sits in the shared queue still holds it there, message and all, until a
 * carrier runs out of local work, and a timed receive that keeps may overrun its timeout by as much. The count comes from the JDK's {@code
 * VirtualThreadSchedulerMXBean} (JDK 24 and later); without it nobody keeps. The system property
 * {@value #PROPERTY}{@code =false} turns keeping off.
 *
 * <p>Memory order: {@code KEEPERS} changes only by compare-and-set and atomic decrement. A receive that
 * reads it full as a slot is freed parks, as it would without this class: no receive depends on it,
 * nor on {@code wanted}, a hint (see its field).
 */
public final class BusyWait {

  /** The system property that turns keeping off when {@code false}. */
  public static final String PROPERTY = "rusm.busy-wait";

  /** Keepers at most at once: one less than the default scheduler's carriers; 0 when keeping is off. */
  static final int MAX;
  /** Yields a keeper makes at most before it parks: some hundreds of microseconds. */
  static final int BUDGET = 1024;
  /** One park in this many looks at whether to keep. */
  static final int SAMPLE_ONE_IN = 64;
  /** A yield longer than this came back after other work: the carrier is busy without help. */
  static final long LATE_NANOS = 20_000;

  // Keepers now, JVM-wide as the carriers are.
  private static final AtomicInteger KEEPERS = new AtomicInteger();
  // Whether a sampled park found every place taken since a keeper last looked, at the end of a budget.
  // Written only when it changes (set by such parks, cleared by that keeper), so that a busy ring does
  // not write the line at every sampled park. A set that races the clear only ends or extends one
  // budget wrongly: no receive waits on it.
  private static volatile boolean wanted;
  // VirtualThreadSchedulerMXBean.getQueuedVirtualThreadCount() of the platform's bean; null before JDK
  // 24, where MAX is 0 and it is never called.
  private static final LongSupplier QUEUED;

  static {
    MethodHandle[] bean = schedulerBean();
    QUEUED = bean == null ? null : MethodHandleProxies.asInterfaceInstance(LongSupplier.class, bean[0]);
    int carriers = bean == null ? 1
        : MethodHandleProxies.asInterfaceInstance(IntSupplier.class, bean[1]).getAsInt();
    MAX = maxKeepers(carriers, System.getProperty(PROPERTY));
    // Links the place's atomic operations now: the first call of each is never in a keeper's finally.
    KEEPERS.getAndIncrement();
    KEEPERS.getAndDecrement();
  }

  // The JDK's scheduler bean's queued count and parallelism, or null without it (before JDK 24, or a
  // runtime without jdk.management): then nothing says how busy the carriers are, so nobody keeps. A
  // mailbox never fails for want of it.
  private static MethodHandle[] schedulerBean() {
    try {
      Class<?> type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
      Object bean = ManagementFactory.getPlatformMXBean(type.asSubclass(PlatformManagedObject.class));
      MethodHandles.Lookup pub = MethodHandles.publicLookup();
      return new MethodHandle[] {
          pub.findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
              .bindTo(bean),
          pub.findVirtual(type, "getParallelism", MethodType.methodType(int.class)).bindTo(bean)};
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Keepers at most for {@code carriers} carriers and the {@link #PROPERTY} value {@code property}. */
  static int maxKeepers(int carriers, String property) {
    return "false".equalsIgnoreCase(property) ? 0 : Math.max(0, carriers - 1);
  }

  private BusyWait() {}

  /**
   * Whether this park is one in {@value #SAMPLE_ONE_IN} that looks at whether to keep: a thread-local
   * random draw, small enough to inline where a receive parks.
   */
  static boolean sampled() {
    return MAX > 0 && (ThreadLocalRandom.current().nextInt() & (SAMPLE_ONE_IN - 1)) == 0;
  }

  /**
   * Keeps the current virtual thread's carrier busy, if there is room and little is queued, until a
   * message arrives in {@code mailbox}, the thread is interrupted, {@code deadline} passes ({@link
   * Long#MIN_VALUE}: none) or keeping stops paying. The mailbox's owner only, before it parks, on a
   * {@link #sampled()} park. The receive calls it out of line (see {@link OutOfLine}): inlined, its loop
   * would widen the compiled frame that every process waiting in a receive keeps frozen.
   */
  static void keep(Mailbox mailbox, MailboxConsumer c, long deadline) {
    if (KEEPERS.get() >= MAX) {
      if (!wanted) {
        wanted = true;
      }
      return;
    }
    if (!tryEnter(queued())) {
      return;
    }
    try {
      yieldUntil(mailbox, c, deadline, BUDGET, LATE_NANOS);
    } finally {
      leave();
    }
  }

  /** Why {@link #yieldUntil} stopped. */
  enum Stop { NEWS, INTERRUPTED, DEADLINE, LATE, BUSY, BUDGET }

  /**
   * The keeper's loop: {@code budget} yields, and as many again each time a park wanted to keep
   * meanwhile, stopping at a yield longer than {@code lateNanos}; the caller holds a keeper's place.
   */
  static Stop yieldUntil(Mailbox mailbox, MailboxConsumer c, long deadline, int budget, long lateNanos) {
    Thread me = Thread.currentThread();
    for (int i = 1; ; i++) {
      long before = System.nanoTime();
      Thread.yield();
      long after = System.nanoTime();
      if (mailbox.hasNews(c)) {
        return Stop.NEWS;
      }
      if (me.isInterrupted()) {
        return Stop.INTERRUPTED;
      }
      if (deadline != Long.MIN_VALUE && deadline - after <= 0) {
        return Stop.DEADLINE;
      }
      if (after - before > lateNanos) {
        return Stop.LATE;
      }
      // Work may have piled up since the keeper looked: look again now and then.
      if ((i & (SAMPLE_ONE_IN - 1)) == 0 && queued() > MAX) {
        return Stop.BUSY;
      }
      if (i == budget) {
        if (!wanted) {
          return Stop.BUDGET;
        }
        wanted = false;
        i = 0;
      }
    }
  }

  /** Whether a sampled park found every place taken since a keeper last looked. */
  static boolean wanted() {
    return wanted;
  }

  /** Takes a keeper's place if fewer than {@link #MAX} keep and at most MAX threads are queued. */
  static boolean tryEnter(long queued) {
    if (queued > MAX) {
      return false;
    }
    int k = KEEPERS.get();
    while (k < MAX) {
      int witness = KEEPERS.compareAndExchange(k, k + 1);
      if (witness == k) {
        return true;
      }
      k = witness;
    }
    return false;
  }

  /** Gives up a place taken by {@link #tryEnter}. */
  static void leave() {
    KEEPERS.getAndDecrement();
  }

  /** Keepers now. */
  static int keepers() {
    return KEEPERS.get();
  }

  private static long queued() {
    return QUEUED.getAsLong();
  }

  /** Keepers at most at once in this JVM; calling it initializes the class, off any process. */
  public static int max() {
    return MAX;
  }
}
