package io.rusm.bench;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A mailbox for a raw virtual thread, from the plain JDK: the baselines the rusm mailbox is measured
 * against. Any thread puts; only the owner takes, and a take waits until a message comes or the owner is
 * interrupted. Public for the JMH benchmarks' raw baselines.
 */
public abstract sealed class RawMailbox {

  /** The thread that takes; set before the mailbox is shared with any other thread. */
  public Thread owner;

  /** Appends a message and wakes the owner if it waits. Never blocks. */
  public abstract void put(Object message);

  /** Takes the oldest message, waiting for one; owner only. */
  public abstract Object take() throws InterruptedException;

  /** Messages waiting (may walk the queue). */
  public abstract long size();

  /** {@link LinkedTransferQueue}: {@code put} and {@code take}; a taker spins a little before parking. */
  public static final class Ltq extends RawMailbox {

    private final LinkedTransferQueue<Object> queue = new LinkedTransferQueue<>();

    @Override
    public void put(Object message) {
      queue.put(message);
    }

    @Override
    public Object take() throws InterruptedException {
      return queue.take();
    }

    @Override
    public long size() {
      return queue.size();
    }
  }

  /**
   * {@link ConcurrentLinkedQueue} with a waiting flag, {@link LockSupport#park} and {@link
   * LockSupport#unpark}: the owner parks at once when the queue is empty, and a sender unparks it only
   * when it said it waits.
   */
  public static final class Park extends RawMailbox {

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    // Dekker's handshake: the owner writes it and then looks at the queue again; a sender links its node
    // (a compare-and-set) and then reads it. Both are sequentially consistent, so either the owner's second
    // look finds the message or the sender sees the flag and unparks: no message arrives unnoticed.
    private volatile boolean waiting;

    @Override
    public void put(Object message) {
      queue.offer(message);
      if (waiting) {
        LockSupport.unpark(owner);
      }
    }

    @Override
    public Object take() throws InterruptedException {
      while (true) {
        Object m = queue.poll();
        if (m != null) {
          return m;
        }
        waiting = true;
        m = queue.poll();
        if (m == null) {
          LockSupport.park(this);
        }
        waiting = false;
        if (m != null) {
          return m;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    }

    @Override
    public long size() {
      return queue.size();
    }
  }
}
