package io.rusm.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A process's mailbox: a multi-producer, single-consumer queue of messages, with Erlang's save queue for
 * selective receive. Any thread may {@link #offer offer}; only the owning process takes.
 *
 * <h2>Design note</h2>
 * The queue is an unbounded linked list in the style of Vyukov's MPSC queue: a producer swaps its node
 * into {@link #tail} with one atomic exchange and then points its predecessor at it; the consumer
 * follows {@code next} pointers from {@link #head}, a stub node that is the last one taken. The mailbox
 * object is its own first stub, so a mailbox that was created but never used holds no node of its own.
 * An exchange never fails, where a compare-and-set on the tail is retried each time a sender on another
 * core got there first: with a thousand senders on two cores that retry loop held fan-in to two thirds
 * of a plain JDK queue's rate (rusm-bench's README has the figures). The producers count what they
 * deliver in the mailbox's own sequence field, with an atomic add on the line the exchange has just
 * brought in; the consumer numbers each node it takes, so the length is that count less the head's
 * number, read without stopping anyone. Nothing between a producer's exchange and its link can leave
 * the node unlinked, not even a StackOverflowError (see {@link #offer}).
 *
 * <p>Messages a selective receive skips move, in order, to the {@link SaveQueue}, which only the owner
 * touches: every message in it is older than every message still in the queue, so taking from the save
 * queue first and then from the queue keeps each sender's order. A matcher is taken to be a pure
 * function of the message, as Erlang's patterns are: the save queue remembers how far the last matcher
 * object scanned, so a loop that receives with the same matcher does not rescan what it already skipped.
 *
 * <p>Closing (the owner, on exit) sets {@link #CLOSING} and then swaps the tail for null: every offer
 * whose exchange came before that counts as delivered, and the close counts what was left in the queue,
 * walking it, as dropped. An offer that sees {@code CLOSING} after its exchange was first only if its
 * predecessor was: it fails if the exchange returned null or a node marked {@link #REFUSED}, and then marks
 * its own node so and gives the tail back to null unless a later offer has swapped its node in (which
 * fails in turn). An offer that does not see the flag came before the close. So each message is
 * delivered or a dead letter exactly once, with no lock.
 *
 * <p>A receive that finds nothing spins a little if its waits have been short (the spin policy, in
 * {@link MailboxConsumer}), may then keep its carrier busy by yielding for a while ({@link BusyWait}:
 * where work is handed along one process at a time, so that the JDK's scheduler does not wake an idle
 * carrier at each hand-off), and only then parks.
 *
 * <p>Nothing is padded: a mailbox costs a few dozen bytes, not cache lines, since a runtime holds a
 * million of them. So while it is quiet the mailbox is also its own consumer ({@link MailboxConsumer}):
 * the owner's head, save queue and spin policy sit beside the tail. Once the owner finds {@value
 * #SPLIT_BACKLOG} messages waiting as it comes to take one, it moves them to an object of its own ({@link
 * #split}), which the process keeps and passes in: from then on a take writes nothing on the line that
 * every send exchanges on, and a send finds that line where it left it. With a thousand senders to one
 * receiver, the head written beside the tail at every take held fan-in to 0.64 to 0.84 of a plain JDK
 * queue's rate; split, 0.92 to 1.59 (rusm-bench's README has the figures). rusm-bench's {@code
 * MailboxQueueBenchmark} measures the queue alone, unsplit, against the JDK's and JCTools'.
 */
public final class Mailbox extends MailboxConsumer {

  // The tail's updater, a field updater rather than a VarHandle: a VarHandle's exchange of a reference
  // casts the old value in a call of its own after the exchange, which in code not yet compiled can
  // throw StackOverflowError in a sender deep in its stack, losing the node swapped out with the new one
  // already in the tail: nothing could then link the two, and the consumer would wait for the link for
  // ever. The updater makes no call once its exchange has succeeded.
  private static final AtomicReferenceFieldUpdater<Mailbox, MailboxNode> TAIL =
      AtomicReferenceFieldUpdater.newUpdater(Mailbox.class, MailboxNode.class, "tail");
  private static final VarHandle HEAD;
  private static final VarHandle NEXT;
  private static final VarHandle SEQ;
  private static final VarHandle FLAGS;
  // The rest of a receive after its first park, called out of line: see waitFor and OutOfLine.
  private static final OutOfLine RESUME;
  // BusyWait.keep, called out of line so that its loop stays out of the frame a waiting receive freezes.
  private static final OutOfLine KEEP;
  // The deadline of a receive that waits for ever.
  private static final long FOREVER = Long.MIN_VALUE;
  // A spin's length: some microseconds, well under the cost of parking and being woken by another core.
  private static final int SPINS = 1 << 7;
  /**
   * How many messages must be waiting as the owner comes to take one for the mailbox to {@link #split}:
   * senders outpacing the receiver, where each take writing beside the tail costs the most.
   */
  public static final int SPLIT_BACKLOG = 64;
  // A wait this short is one a spin would have covered.
  static final long SHORT_WAIT_NANOS = 20_000;
  // The flags: the owner waits (or is about to); the mailbox is closing or closed; a selective receive
  // holds a message it has taken from the queue and not yet either returned or saved.
  private static final byte WAITING = 1;
  private static final byte CLOSING = 2;
  private static final byte MATCHING = 4;
  // A node's seq once its offer has failed: it came after the close.
  private static final long REFUSED = -1;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(MailboxConsumer.class, "head", MailboxNode.class);
      NEXT = lookup.findVarHandle(MailboxNode.class, "next", MailboxNode.class);
      SEQ = lookup.findVarHandle(MailboxNode.class, "seq", long.class);
      FLAGS = lookup.findVarHandle(Mailbox.class, "flags", byte.class);
      RESUME = new OutOfLine(lookup, Mailbox.class, "resume", MethodType.methodType(Object.class,
          MailboxConsumer.class, Object.class, Function.class, long.class, long.class));
      KEEP = new OutOfLine(lookup, BusyWait.class, "keep", MethodType.methodType(void.class,
          Mailbox.class, MailboxConsumer.class, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The mailbox's own seq (see MailboxNode), which as the first stub's would always be 0, counts the
  // messages delivered: an atomic add by each producer whose offer is admitted, before it links its
  // node; read by anyone.

  // The last node swapped in; null once closed (for a moment after, a refused offer's node). Producers
  // and the close exchange it; a refused offer compare-and-sets null back. Null rather than a shared
  // sentinel: a null store needs no garbage collector card, and a million old mailboxes closed in a
  // cascade would each dirty one for a sentinel.
  private volatile MailboxNode tail = this;

  // WAITING and CLOSING, read by each producer once, after its exchange on the tail (a full fence).
  // MATCHING, written by the owner alone, is read by observers of the counts (see received()).
  // WAITING: set by the owner (volatile) before its last look at the tail and parking, so one of the two
  // sees the other and a message never arrives unnoticed while the owner sleeps; cleared by the owner
  // when it wakes (a late clear costs at most one unneeded unpark). CLOSING: set once, atomically, by the
  // close, before its exchange. The owner writes the byte whole only while it lives, and the close runs
  // as it exits or after, so the two never write it at once.
  private volatile byte flags;

  /** A mailbox, its own first stub and, until it is busy, its own consumer. */
  public Mailbox() {
    head = this;
  }

  @Override
  public Mailbox box() {
    return this;
  }

  /**
   * Appends a message, and wakes the owner if it waits for one. Never blocks.
   *
   * @param owner the owning process's thread, to wake
   * @return the message's number among those delivered to this mailbox (1 for the first; each one
   *     delivered has its own, in the order of the count's adds), or -1 if the mailbox is closed: the
   *     message was not delivered
   */
  public long offer(Object message, Thread owner) {
    MailboxNode node = new MailboxNode();
    node.message = message;
    MailboxNode t = TAIL.getAndSet(this, node);
    byte f = flags;
    // From the exchange to the link, nothing may fail: a node swapped in and never linked would hold
    // the consumer and the close waiting for it for ever, uninterruptibly. Before this code is compiled
    // inline, any call can throw StackOverflowError in a sender deep in its own stack, so each call
    // between the exchange and the link, the count's and the link's own, settles the node in its
    // handler with field writes alone, which need no stack.
    if ((f & CLOSING) != 0) {
      // Admitted only if t is an admitted node or this mailbox: the close puts null in the tail, and
      // the only nodes after that are refused ones. t's offer marks it a few instructions after its own
      // exchange, with no call in between; this waits for the mark with no call either (the read of
      // the volatile flags, never 0 here, keeps the compiler from hoisting the read of the mark), and
      // with no yield: a virtual thread that yielded here would leave its own node unmarked, and every
      // offer after it waiting, until its carrier came back to it.
      long mark = t == null ? REFUSED : t == this ? 1 : 0;
      while (mark == 0 && (mark = t.seq) == 0 && flags != 0) {
        // Spins: see above.
      }
      if (mark == REFUSED) {
        // Holds nothing, tells the offer after it (if any) that it was refused, and gives the tail
        // back to null unless that offer has swapped its own node in (if this call fails, the tail
        // keeps this node, whose mark refuses the next offer just the same).
        node.message = null;
        node.seq = REFUSED;
        TAIL.compareAndSet(this, node, null);
        return -1;
      }
    }
    long seq;
    try {
      seq = (long) SEQ.getAndAdd((MailboxNode) this, 1L) + 1;
    } catch (Throwable e) {
      // Delivered uncounted: the count reads one low until the close, which counts what it finds.
      node.seq = Long.MAX_VALUE;
      t.next = node;
      throw e;
    }
    // Tells an offer that comes after this one while the mailbox closes that this one was admitted.
    node.seq = seq;
    try {
      NEXT.setRelease(t, node);
    } catch (Throwable e) {
      t.next = node;
      throw e;
    }
    if ((f & WAITING) != 0) {
      LockSupport.unpark(owner);
    }
    return seq;
  }

  /**
   * Takes the oldest message, waiting up to {@code timeoutNanos} for one ({@link Long#MAX_VALUE}: for
   * ever, 0: not at all), through the consumer this mailbox is while it is quiet. Owner only.
   *
   * @return the message, or {@code null} if none came in time
   * @throws InterruptedException if the owner was interrupted (killed) while waiting
   */
  public Object take(long timeoutNanos) throws InterruptedException {
    return take(this, timeoutNanos);
  }

  /** {@link #take(long)} through {@code c}, this mailbox's current consumer. Owner only. */
  public Object take(MailboxConsumer c, long timeoutNanos) throws InterruptedException {
    SaveQueue s = c.saved;
    if (s != null && s.size() > 0) {
      return s.removeFirst();
    }
    Object m = poll(c);
    if (m != null || timeoutNanos == 0) {
      return m;
    }
    return waitFor(c, null, null, timeoutNanos);
  }

  /**
   * Takes the oldest message for which {@code matcher} returns a result, and returns that result, leaving
   * every other message where it was. Waits up to {@code timeoutNanos} as {@link #take(long)} does.
   * Owner only. {@code key} identifies the matcher: a later call with the same key skips the messages
   * this one already rejected.
   *
   * @return the matcher's result, or {@code null} if no message matched in time
   * @throws InterruptedException if the owner was interrupted (killed) while waiting
   */
  public <R> R take(Object key, Function<Object, ? extends R> matcher, long timeoutNanos)
      throws InterruptedException {
    return take(this, key, matcher, timeoutNanos);
  }

  /** The selective {@link #take(Object, Function, long)} through {@code c}. Owner only. */
  @SuppressWarnings("unchecked")
  public <R> R take(MailboxConsumer c, Object key, Function<Object, ? extends R> matcher,
      long timeoutNanos) throws InterruptedException {
    SaveQueue s = c.saved;
    if (s != null) {
      R r = s.removeFirstMatch(key, matcher);
      if (r != null) {
        return r;
      }
    }
    R r = pollMatching(c, key, matcher);
    if (r != null || timeoutNanos == 0) {
      return r;
    }
    return (R) waitFor(c, key, matcher, timeoutNanos);
  }

  /**
   * Whether, while this mailbox is its own consumer, at least {@value #SPLIT_BACKLOG} messages wait in
   * its queue: then it is worth giving the consumer an object of its own ({@link #split}). A process
   * that takes its messages one at a time as they come (a ring, a ping-pong, a server at ease) never
   * splits, and keeps its mailbox in one object. Owner only.
   */
  public boolean isBacklogged() {
    MailboxNode h = head;
    return h != null && (long) SEQ.getOpaque((MailboxNode) this) - number(h) >= SPLIT_BACKLOG;
  }

  /**
   * Moves the consumer's state (where it takes from, the save queue, the spin policy) from this mailbox
   * to a new object, which the owner uses from then on for every take and passes to {@link
   * #length(MailboxConsumer)}, {@link #received(MailboxConsumer)} and {@link #close(MailboxConsumer,
   * MessageCounters)}. Owner only, once, while this mailbox is its own consumer and open. Costs the
   * object, some 100 bytes, for a process whose messages have piled up.
   */
  public MailboxConsumer split() {
    Split c = new Split(this);
    c.saved = saved;
    c.skip = skip;
    c.backoff = backoff;
    c.parkedAt = parkedAt;
    // Published with the head: an observer that finds the new consumer sees it whole (see ProcessCell).
    HEAD.setRelease(c, head);
    // The save queue is shared, not moved: an observer that has not yet found the new consumer reads
    // this mailbox's head, frozen here, less what is saved now, which never exceeds what was received
    // (every message saved from now on lies past that head).
    return c;
  }

  /** A consumer of its own, for a busy mailbox: allocated by the owner, apart from the mailbox. */
  private static final class Split extends MailboxConsumer {
    private final Mailbox box;
    // A cache line after the consumer's fields (the unused node fields before them are some of one), so
    // that whatever the allocator or the collector puts next to it, a message or another process's
    // mailbox, is not written on the line each take writes. Only a mailbox whose messages have piled
    // up pays for it: three fan-in runs with it, 0.92 to 1.59 of raw-park (median 1.21); four without,
    // 0.94 to 1.08 (rusm-bench's README).
    long p0, p1, p2, p3, p4, p5, p6;

    Split(Mailbox box) {
      this.box = box;
    }

    @Override
    public Mailbox box() {
      return box;
    }
  }

  // The first wait of a receive: parks once, then hands the rest of the receive, whatever it turns out
  // to be, to resume(), called out of line. Nothing else follows the park in this frame or in those of
  // its callers, so a waiter frozen here, in code compiled before any waiter ever woke, has no branch
  // to trap on when it wakes to a message or to a kill (see OutOfLine).
  private Object waitFor(MailboxConsumer c, Object key, Function<Object, ?> matcher, long timeoutNanos)
      throws InterruptedException {
    if (timeoutNanos != Long.MAX_VALUE) {
      long start = System.nanoTime();
      long deadline = deadlineAfter(start, timeoutNanos);
      park(c, deadline);
      return RESUME.call(c, key, matcher, deadline, start);
    }
    // A wait for ever keeps nothing but the consumer (and a selective receive's matcher) across the
    // park: its start, when the spin policy wants it, goes in a field, so the frame frozen in each of a
    // million waiting processes stays small.
    if (c.skip < 0) {
      c.parkedAt = (int) System.nanoTime();
    }
    park(c, FOREVER);
    return RESUME.call(c, key, matcher, FOREVER, 0);
  }

  // Everything a receive does after its first park: the interrupt check, taking what came, and any
  // further waits (rare: a wake-up with nothing for this receive), in a loop whose branches the first
  // wake-ups have already profiled.
  private static Object resume(MailboxConsumer c, Object key, Function<Object, ?> matcher, long deadline,
      long start) throws InterruptedException {
    if (start != 0) {
      c.waited(System.nanoTime() - start);
    } else if (c.skip < 0) {
      c.waited((int) System.nanoTime() - c.parkedAt);
    }
    Mailbox mailbox = c.box();
    while (true) {
      if (Thread.interrupted()) {
        // A kill leaves waiting set, which costs at most one unneeded unpark.
        throw new Interrupted();
      }
      mailbox.clearWaiting();
      Object r = matcher == null ? mailbox.poll(c) : mailbox.pollMatching(c, key, matcher);
      if (r != null || (deadline != FOREVER && deadline - System.nanoTime() <= 0)) {
        return r;
      }
      mailbox.park(c, deadline);
    }
  }

  /**
   * Parks until a message may have arrived or the deadline passed, unless one arrived since the last
   * poll. An interrupt (a kill) set before or during the park makes it return at once. Nothing follows
   * the park: the caller looks at what woke it.
   */
  private void park(MailboxConsumer c, long deadline) {
    if (c.spinsNow()) {
      for (int i = 0; i < SPINS; i++) {
        Thread.onSpinWait();
        if (hasNews(c)) {
          c.spun(true);
          return;
        }
      }
      c.spun(false);
    }
    if (BusyWait.sampled()) {
      KEEP.call(this, c, null, deadline, 0);
    }
    FLAGS.setVolatile(this, WAITING);
    if (hasNews(c)) {
      return;
    }
    if (deadline == FOREVER) {
      LockSupport.park(this);
    } else {
      long remaining = deadline - System.nanoTime();
      if (remaining > 0) {
        LockSupport.parkNanos(this, remaining);
      }
    }
  }

  /** Whether a message has arrived since {@code c} last took one. Owner only. */
  boolean hasNews(MailboxConsumer c) {
    return tail != c.head;
  }

  // Takes messages fresh from the queue until the matcher accepts one; a miss (or a matcher that
  // throws) saves it, in order. While the matcher looks at a message it is neither in the queue nor
  // saved: MATCHING, set before the head moves past it and cleared after it is saved or accepted, keeps
  // it out of received() (and in length()) meanwhile.
  private <R> R pollMatching(MailboxConsumer c, Object key, Function<Object, ? extends R> matcher) {
    while (true) {
      flags = (byte) (flags | MATCHING);
      Object m = poll(c);
      if (m == null) {
        FLAGS.setRelease(this, (byte) (flags & ~MATCHING));
        return null;
      }
      R r = null;
      boolean decided = false;
      try {
        r = matcher.apply(m);
        decided = true;
      } finally {
        if (r == null) {
          if (c.saved == null) {
            c.saved = new SaveQueue();
          }
          if (decided) {
            c.saved.addRejected(m, key);
          } else {
            c.saved.addUndecided(m, key);
          }
        }
        FLAGS.setRelease(this, (byte) (flags & ~MATCHING));
      }
      if (r != null) {
        return r;
      }
    }
  }

  // Takes the next message from the queue, or null if it is empty. Owner only.
  private Object poll(MailboxConsumer c) {
    MailboxNode h = c.head;
    MailboxNode n = h.next;
    if (n == null) {
      if (tail == h) {
        return null;
      }
      n = awaitNext(h);
    }
    n.seq = number(h) + 1;
    HEAD.setRelease(c, n);
    // The old stub lets go of the queue: no producer writes its next again (each node is the
    // predecessor of one exchange), and a taken node the collector has already moved to the old
    // generation would otherwise keep every node after it alive through the next young collections.
    NEXT.set(h, null);
    Object m = n.message;
    n.message = null;
    return m;
  }

  // A node's successor, waiting for it while its producer has swapped the tail but not yet linked it: a
  // few instructions away. Every 64th turn yields, in case that producer waits for this carrier.
  private static MailboxNode awaitNext(MailboxNode node) {
    MailboxNode n;
    int spins = 0;
    while ((n = node.next) == null) {
      if (++spins % 64 == 0) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    return n;
  }

  // How many messages have been taken from the queue up to and including node, the head or a node
  // before it: the consumer numbers each node it takes, and this mailbox, the first stub, is 0 (its own
  // seq counts deliveries).
  private long number(MailboxNode node) {
    return node == this ? 0 : node.seq;
  }

  private void clearWaiting() {
    FLAGS.setOpaque(this, (byte) 0);
  }

  /**
   * How a waiter learns it was interrupted (killed): with no stack trace, since filling one in for a
   * virtual thread's frames was the largest single cost of killing a process that waits (measured, a
   * third of the time to kill 1,000,000 of them), and the trace would show only the receive it waited in.
   */
  private static final class Interrupted extends InterruptedException {
    Interrupted() {
      super("interrupted while waiting for a message");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  // A finite timeout's deadline is never FOREVER: one that lands on it is a nanosecond late.
  private static long deadlineAfter(long now, long timeoutNanos) {
    long d = now + timeoutNanos;
    return d == FOREVER ? d + 1 : d;
  }

  /** {@link #length(MailboxConsumer)} of a mailbox that is its own consumer. */
  public long length() {
    return length(this);
  }

  /**
   * Messages waiting: in the queue and in the save queue, read through {@code c}, this mailbox's current
   * consumer. Any thread; a moment out of date while messages come and go.
   */
  public long length(MailboxConsumer c) {
    MailboxNode h = (MailboxNode) HEAD.getAcquire(c);
    if (h == null) {
      return 0;
    }
    byte f = (byte) FLAGS.getAcquire(this);
    // Read after the head: every node taken was counted before it was linked, so this is not less.
    long delivered = delivered();
    long n = delivered - number(h) + saved(c) + ((f & MATCHING) != 0 ? 1 : 0);
    return Math.max(0, n);
  }

  private static long saved(MailboxConsumer c) {
    SaveQueue s = c.saved;
    return s == null ? 0 : s.size();
  }

  /**
   * Messages ever put in this mailbox: the count each admitted offer adds to, on the line its exchange
   * has just brought in. Any thread; a moment out of date; 0 once closed (see {@link #close}).
   */
  public long delivered() {
    return isClosed() ? 0 : (long) SEQ.getVolatile((MailboxNode) this);
  }

  /** {@link #received(MailboxConsumer)} of a mailbox that is its own consumer. */
  public long received() {
    return received(this);
  }

  /**
   * Messages ever taken from this mailbox by a receive: taken from the queue (the number the consumer
   * gave the head) less those the save queue still holds, read through {@code c}, this mailbox's current
   * consumer. Any thread; a moment out of date; 0 once closed.
   */
  public long received(MailboxConsumer c) {
    MailboxNode h = (MailboxNode) HEAD.getAcquire(c);
    if (h == null) {
      return 0;
    }
    // After the head: a head that has moved past a message the matcher still holds shows MATCHING set
    // with it, or, cleared since, that message saved or accepted. So the reading is never more than
    // what was taken, only less for a moment; the runtime's totals keep the highest reading.
    byte f = (byte) FLAGS.getAcquire(this);
    return Math.max(0, number(h) - saved(c) - ((f & MATCHING) != 0 ? 1 : 0));
  }

  /** {@link #close(MailboxConsumer, MessageCounters)} of a mailbox that is its own consumer. */
  public void close(MessageCounters counters) {
    close(this, counters);
  }

  /**
   * Closes the mailbox: later offers fail, and its tallies move to {@code counters} (delivered, received,
   * and what was left in it as dropped), once, whoever calls it first: the owner as it exits, with its
   * current consumer {@code c}, or a sender that installed the mailbox on a process that had just exited
   * (which never took from it: the mailbox is its own consumer).
   */
  public void close(MailboxConsumer c, MessageCounters counters) {
    if ((((byte) FLAGS.getAndBitwiseOr(this, CLOSING)) & CLOSING) != 0) {
      return;
    }
    MailboxNode last = TAIL.getAndSet(this, null);
    // Every offer whose exchange came before this one is delivered: count those still in the queue.
    MailboxNode h = c.head;
    long left = 0;
    for (MailboxNode n = h; n != last; left++) {
      MailboxNode next = awaitNext(n);
      // Unlinked and emptied as it goes, so that an old node keeps no younger one alive.
      NEXT.set(n, null);
      n = next;
      n.message = null;
    }
    long stillSaved = saved(c);
    long taken = number(h);
    counters.retire(taken + left, taken - stillSaved, left + stillSaved);
    // Let go of every message still held, even while senders hold this mailbox; an observer that reads
    // this mailbox's own head, stale since a split, reads nothing either.
    HEAD.setRelease(c, null);
    HEAD.setRelease(this, null);
    c.saved = null;
    saved = null;
  }

  /** Whether {@link #close(MailboxConsumer, MessageCounters)} has run. */
  public boolean isClosed() {
    return (flags & CLOSING) != 0;
  }
}
