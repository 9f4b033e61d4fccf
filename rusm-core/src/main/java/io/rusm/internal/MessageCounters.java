package io.rusm.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's message tallies, less what live mailboxes hold. A mailbox counts its own deliveries and
 * receives in its sequence numbers, which the send and receive paths move anyway; it hands them over
 * here when it closes ({@link #retire}), and a reading adds those of the live mailboxes (see {@code
 * ProcessRuntime}). Replies, which bypass mailboxes, and the rare dead letters are added directly. Each
 * tally is a {@link LongAdder}: adds from every core spread over cells, and a reading sums the cells
 * without stopping anyone. "Sent" is not kept: every send ends delivered or a dead letter.
 */
public final class MessageCounters {

  private final LongAdder delivered = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** A reply reached its waiting caller. */
  public void addDelivered() {
    delivered.increment();
  }

  /** A mailbox closed, having been sent {@code delivered}, taken {@code received}, and left {@code dropped}. */
  public void retire(long delivered, long received, long dropped) {
    // A zero is not added: even that is an atomic on a shared line, and most mailboxes of a cascade's
    // victims close empty and untouched, on threads that have never counted before (whose first
    // contended add seeds a probe from global atomics).
    if (delivered != 0) {
      this.delivered.add(delivered);
    }
    if (received != 0) {
      this.received.add(received);
    }
    addDropped(dropped);
  }

  /** A message reached no one: its process had exited or never existed, or its caller stopped waiting. */
  public void addDeadLetter() {
    deadLetters.increment();
  }

  /** A caller took a reply. */
  public void addReceived() {
    received.increment();
  }

  /** A process exited with {@code n} messages still in its mailbox. */
  public void addDropped(long n) {
    if (n != 0) {
      dropped.add(n);
    }
  }

  public long delivered() {
    return delivered.sum();
  }

  public long deadLetters() {
    return deadLetters.sum();
  }

  public long received() {
    return received.sum();
  }

  public long dropped() {
    return dropped.sum();
  }
}
