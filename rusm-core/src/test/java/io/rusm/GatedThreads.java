package io.rusm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads that start but hold back the process's run() until {@link #open()}, so a test can act on
 * a process that is spawned and in the table but whose body has not begun.
 */
final class GatedThreads implements ThreadFactory {
  private final CountDownLatch gate = new CountDownLatch(1);

  @Override
  public Thread newThread(Runnable process) {
    return Thread.ofVirtual().unstarted(() -> {
      boolean interrupted = false;
      while (true) {
        try {
          gate.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      process.run();
    });
  }

  void open() {
    gate.countDown();
  }
}
