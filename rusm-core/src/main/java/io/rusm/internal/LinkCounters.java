package io.rusm.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's tallies of the messages links and monitors deliver, added to by exiting processes on every
 * core and summed when read. (The processes a linked exit kills are tallied by the process table, with
 * the other exits.)
 */
public final class LinkCounters {

  private final LongAdder downs = new LongAdder();
  private final LongAdder trapped = new LongAdder();

  /** A monitor's Down message reached its watcher's mailbox. */
  public void addDown() {
    downs.increment();
  }

  /** An exit signal reached a trapping process's mailbox as an ExitSignal message. */
  public void addTrapped() {
    trapped.increment();
  }

  public long downs() {
    return downs.sum();
  }

  public long trapped() {
    return trapped.sum();
  }
}
