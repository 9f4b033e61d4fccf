package io.rusm.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's message tallies. Senders and receivers on every core add to them, so each is a {@link
 * LongAdder}: contended adds spread over cells instead of fighting for one word, and a reading sums the
 * cells without stopping anyone. "Sent" is not kept: every send ends delivered or a dead letter, so it is
 * their sum, and {@code sent == delivered + deadLetters} holds at every reading.
 */
public final class MessageCounters {

  private final LongAdder delivered = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /** A message reached a live process's mailbox, or a reply its waiting caller. */
  public void addDelivered() {
    delivered.increment();
  }

  /** A message reached no one: its process had exited or never existed, or its caller stopped waiting. */
  public void addDeadLetter() {
    deadLetters.increment();
  }

  /** A receive took a message. */
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
