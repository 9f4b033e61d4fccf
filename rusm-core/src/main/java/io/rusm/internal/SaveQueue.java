package io.rusm.internal;

import java.util.function.Function;

/**
 * Erlang's save queue: the messages a selective receive has skipped, oldest first. Owned by one
 * process's thread; only {@link #size()} is read by others.
 *
 * <p>It remembers which matcher scanned it last and how far that matcher got without a match (the
 * <em>rejected prefix</em>). A matcher is a pure function of the message, so the same matcher scanning
 * again starts after that prefix: a receive loop that keeps skipping the same messages costs time for
 * the new ones only. Removing a message keeps the prefix true (what was rejected stays rejected).
 */
final class SaveQueue {

  private static final class Saved {
    final Object message;
    Saved next;

    Saved(Object message) {
      this.message = message;
    }
  }

  private Saved head;
  private Saved tail;
  // Written by the owner only; volatile so that an observer's length is current.
  private volatile int size;

  // The matcher that last scanned, and the last node of the prefix it rejected (null: none).
  private Object rejectedBy;
  private Saved rejectedEnd;

  int size() {
    return size;
  }

  /** Appends a message that {@code key}'s matcher rejected. */
  void addRejected(Object message, Object key) {
    append(message, key, true);
  }

  /**
   * Appends a message that {@code key}'s matcher did not decide on (it threw): outside every rejected
   * prefix, so the next scan by that matcher tests it again.
   */
  void addUndecided(Object message, Object key) {
    append(message, key, false);
  }

  private void append(Object message, Object key, boolean rejected) {
    Saved node = new Saved(message);
    boolean extendsPrefix = rejected && key == rejectedBy && rejectedEnd == tail;
    boolean first = tail == null;
    if (first) {
      head = node;
    } else {
      tail.next = node;
    }
    tail = node;
    size++;
    if (extendsPrefix || (rejected && first)) {
      rejectedBy = key;
      rejectedEnd = node;
    }
  }

  /** Removes and returns the oldest message; the queue must not be empty. */
  Object removeFirst() {
    Saved first = head;
    if (rejectedEnd == first) {
      rejectedEnd = null;
    }
    unlink(null, first);
    return first.message;
  }

  /**
   * Removes the oldest message {@code matcher} accepts and returns the matcher's result, or returns
   * {@code null} and leaves everything in place.
   */
  <R> R removeFirstMatch(Object key, Function<Object, ? extends R> matcher) {
    Saved prev;
    if (key != rejectedBy) {
      rejectedBy = key;
      rejectedEnd = null;
    }
    prev = rejectedEnd;
    Saved n = prev == null ? head : prev.next;
    while (n != null) {
      R r = matcher.apply(n.message);
      if (r != null) {
        unlink(prev, n);
        return r;
      }
      rejectedEnd = n;
      prev = n;
      n = n.next;
    }
    return null;
  }

  private void unlink(Saved prev, Saved n) {
    if (prev == null) {
      head = n.next;
    } else {
      prev.next = n.next;
    }
    if (tail == n) {
      tail = prev;
    }
    // An old removed node must not keep the younger ones after it alive (see Mailbox.poll).
    n.next = null;
    size--;
  }
}
