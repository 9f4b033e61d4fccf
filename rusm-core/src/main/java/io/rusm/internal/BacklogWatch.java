package io.rusm.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The processes whose mailboxes have grown past a warning length, so that a scrape can count them
 * without walking every process. Senders check a mailbox's length only at every {@code interval}-th
 * message it is sent (a mask test on the message's sequence number, so nothing on the usual send path)
 * and track the process if it is over; each {@link #scan} drops those that have shrunk back, and a
 * process's exit drops it ({@link #forget}), so nothing it referenced is kept for lack of a scrape. A
 * mailbox is so counted at most one interval of messages after it passes the warning length.
 *
 * @param <P> the process type
 */
public final class BacklogWatch<P> {

  /** The most messages between two looks at one mailbox's length. */
  public static final int MAX_INTERVAL = 1024;

  private final long warnLength;
  private final long mask;
  // Written by senders at checkpoints and by scans; a concurrent set, small in any healthy system.
  private final Set<P> over = ConcurrentHashMap.newKeySet();

  /** @param warnLength the length past which a mailbox counts as backed up; positive */
  public BacklogWatch(long warnLength) {
    this.warnLength = warnLength;
    this.mask = Math.min(MAX_INTERVAL, Long.highestOneBit(warnLength)) - 1;
  }

  /** The length past which a mailbox counts as backed up. */
  public long warnLength() {
    return warnLength;
  }

  /** Whether a message with this sequence number is one at which its mailbox's length is looked at. */
  public boolean isCheckpoint(long seq) {
    return (seq & mask) == 0;
  }

  /** Tracks {@code process} if its mailbox is now longer than the warning length. */
  public void check(P process, long length) {
    if (length > warnLength) {
      over.add(process);
    }
  }

  /**
   * Stops tracking {@code process}, which has exited. Costs a read of the set's size when it tracks
   * nothing, as in a healthy system. A checkpoint racing the exit adds the process back only if it then
   * finds it still alive (see the runtime's checkpoint), so one of the two removes it.
   */
  public void forget(P process) {
    if (!over.isEmpty()) {
      over.remove(process);
    }
  }

  /**
   * Counts the tracked processes still over the warning length, and the longest mailbox among them;
   * forgets the others.
   *
   * @param lengthOf a process's mailbox length, or -1 if it has exited
   */
  public Backlog scan(ToLongFunction<P> lengthOf) {
    long processes = 0;
    long longest = 0;
    for (P p : over) {
      long length = lengthOf.applyAsLong(p);
      if (length <= warnLength) {
        over.remove(p);
        // A sender's checkpoint between the look and the removal found it tracked and added nothing:
        // look again, now that a later checkpoint would add it.
        length = lengthOf.applyAsLong(p);
        if (length <= warnLength) {
          continue;
        }
        over.add(p);
      }
      processes++;
      longest = Math.max(longest, length);
    }
    return new Backlog(processes, longest);
  }

  /**
   * A count of backed-up mailboxes.
   *
   * @param processes processes whose mailbox is longer than the warning length
   * @param longest the longest such mailbox, or 0
   */
  public record Backlog(long processes, long longest) {}
}
