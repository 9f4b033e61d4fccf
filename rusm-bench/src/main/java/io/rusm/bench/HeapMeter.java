package io.rusm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use once garbage is gone: several full collections, each given a moment to settle. */
final class HeapMeter {

  private static final int COLLECTIONS = 4;
  private static final long SETTLE_MILLIS = 150;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapMeter() {}

  /** The least heap in use seen after each of several {@link System#gc()} calls. */
  static long usedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      Thread.sleep(SETTLE_MILLIS);
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
