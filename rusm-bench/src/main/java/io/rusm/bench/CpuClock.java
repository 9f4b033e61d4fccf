package io.rusm.bench;

import java.lang.management.ManagementFactory;

/**
 * This JVM's CPU time, all threads together. On a machine shared with other work, spawns per CPU-second
 * compare two implementations fairly even when the wall-clock rates are disturbed.
 */
final class CpuClock {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private CpuClock() {}

  static long processNanos() {
    return OS.getProcessCpuTime();
  }
}
