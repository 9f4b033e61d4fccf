package io.rusm.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's tallies of what links and monitors did, added to by exiting processes on every core and
 * summed when read.
 */
public final class LinkCounters {

  private final LongAdder linkedExits = new LongAdder();
  private final LongAdder downs = new LongAdder();
  private final LongAdder trapped = new LongAdder();

  /** A process ended because a process linked to it ended. */
  public void addLinkedExit() {
    linkedExits.increment();
  }

  /** A monitor's Down message reached its watcher's mailbox. */
  public void addDown() {
    downs.increment();
  }

  /** An exit signal reached a trapping process's mailbox as an ExitSignal message. */
  public void addTrapped() {
    trapped.increment();
  }

  public long linkedExits() {
    return linkedExits.sum();
  }

  public long downs() {
    return downs.sum();
  }

  public long trapped() {
    return trapped.sum();
  }
}
