package io.rusm.internal;

/**
 * The owner's side of a {@link Mailbox}: where it takes from, its save queue and its spin policy. A
 * mailbox is its own consumer while it is quiet, so that it stays one small object; once its owner finds
 * {@value Mailbox#SPLIT_BACKLOG} messages waiting, it moves this state to an object of its own ({@link
 * Mailbox#split}), which it keeps where it looks first (the process, not the mailbox): taking a message
 * then no longer writes the cache line that every send exchanges on. Not part of the rusm API.
 */
public abstract class MailboxConsumer extends MailboxNode {

  // The consumer's stub: the last node taken; null once closed. Written only by the owner (and the
  // close), with release, after the node's number, so that an observer reading the length sees that
  // number and a delivered count read afterwards that is not less.
  MailboxNode head;

  // Created on the first message a selective receive skips. Owner only.
  SaveQueue saved;

  // Whether a wait spins a little before it parks, learned from the waits before it (owner only). A
  // process whose partner answers from another core within microseconds (ping-pong, request/reply)
  // then takes the answer without parking, and its partner sends without an unpark. Spinning is off
  // until a wait ends within Mailbox.SHORT_WAIT_NANOS (so the million processes that wait long never
  // spin), then tried at every wait while it works. A spin that fails (the partner was waiting for this
  // carrier, say, behind a thousand others) turns it off for twice as many waits as the last failure
  // did, up to 2^MAX_BACKOFF, and one that works halves the next failure's pause: so spinning goes on
  // where most spins work, and a carrier with other work, where few do, loses a spin only once in up
  // to 1,024 waits. skip: waits to go before the next spin, -1 while off. backoff: the next failure's
  // skip, as a power of two.
  short skip = -1;
  byte backoff;
  // When a wait for ever began, for the spin policy: the low 32 bits of System.nanoTime(), enough to
  // tell a wait of microseconds from one of seconds, and small enough to fit in the mailbox's padding.
  // Owner only.
  int parkedAt;

  private static final int MAX_BACKOFF = 10;

  // Only this package makes consumers: the mailbox and its split one.
  MailboxConsumer() {}

  /** The mailbox this is the consumer side of. */
  public abstract Mailbox box();

  /** Whether this wait spins; counts it towards the next spin if not. */
  boolean spinsNow() {
    if (skip == 0) {
      return true;
    }
    if (skip > 0) {
      skip--;
    }
    return false;
  }

  /** After a spin: one that found a message halves the next failure's pause, one that did not pauses. */
  void spun(boolean worked) {
    if (worked) {
      if (backoff > 0) {
        backoff--;
      }
    } else {
      skip = (short) (1 << backoff);
      backoff = (byte) Math.min(backoff + 1, MAX_BACKOFF);
    }
  }

  /**
   * After a timed wait: one short enough for a spin to have covered turns spinning on. A negative time
   * is a wait for ever that outlasted the 32 bits it was timed with (see parkedAt): a long one.
   */
  void waited(long nanos) {
    if (skip < 0 && nanos >= 0 && nanos < Mailbox.SHORT_WAIT_NANOS) {
      skip = 0;
    }
  }
}
