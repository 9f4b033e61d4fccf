package io.rusm.bench;

import io.rusm.ProcessBody;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A spawn storm whose population is bounded by a shared {@link Semaphore} rather than by reading a live
 * count: each spawner acquires a permit before each spawn, and each process releases one as the last
 * thing its body does. The same round runs either through a {@link ProcessRuntime} or on raw
 * {@code Thread.ofVirtual()} threads with a {@link ConcurrentHashMap} table (ids from an {@link
 * AtomicLong}, put before start, removed in the thread's {@code finally}); both bodies yield once and
 * release their permit. This is how an application that bounds its own work would drive the runtime, and
 * it asks nothing of the runtime's counters on the spawn path.
 */
final class SemaphoreStorm {

  private final int permits;
  private final Semaphore semaphore;
  // Set by the round's driver, read by every spawner once per spawn.
  private volatile boolean stopping;

  // The raw side's table and ids, kept across rounds as the runtime is.
  private final ConcurrentHashMap<Long, Thread> table = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ThreadFactory threads = Thread.ofVirtual().factory();

  SemaphoreStorm(int permits) {
    this.permits = permits;
    this.semaphore = new Semaphore(permits);
  }

  /** Whether every raw thread of past rounds has left the raw table. */
  boolean rawTableEmpty() {
    return table.isEmpty();
  }

  /** What one spawner does once it holds a permit: start a process that releases it at its end. */
  private interface Spawn {
    void spawn() throws InterruptedException;
  }

  /** One round through {@code runtime}: {@code spawners} threads for {@code duration}. */
  RawStorm.Round rusm(ProcessRuntime runtime, int spawners, Duration duration) throws InterruptedException {
    Semaphore permits = semaphore;
    ProcessBody body = ctx -> {
      try {
        Thread.yield();
      } finally {
        permits.release();
      }
    };
    return round(spawners, duration, () -> {
      try {
        runtime.spawn(body);
      } catch (ProcessLimitExceededException full) {
        permits.release();
        Thread.yield();
        throw full;
      }
    });
  }

  /** One round on raw virtual threads: {@code spawners} threads for {@code duration}. */
  RawStorm.Round raw(int spawners, Duration duration) throws InterruptedException {
    Semaphore permits = semaphore;
    return round(spawners, duration, () -> {
      long id = ids.getAndIncrement();
      Thread t = threads.newThread(() -> {
        try {
          try {
            Thread.yield();
          } finally {
            permits.release();
          }
        } finally {
          table.remove(id);
        }
      });
      table.put(id, t);
      t.start();
    });
  }

  private RawStorm.Round round(int spawners, Duration duration, Spawn spawn) throws InterruptedException {
    stopping = false;
    LongAdder spawned = new LongAdder();
    Thread[] spawnerThreads = new Thread[spawners];
    Thread.Builder builder = Thread.ofPlatform().daemon().name("semaphore-storm-spawner-", 1);
    long start = System.nanoTime();
    for (int i = 0; i < spawners; i++) {
      spawnerThreads[i] = builder.start(() -> spawnUntilStopped(spawn, spawned));
    }
    Thread.sleep(duration);
    stopping = true;
    for (Thread t : spawnerThreads) {
      t.join();
    }
    long elapsed = System.nanoTime() - start;
    // Every permit back means every body has ended; the next round starts from a full semaphore.
    semaphore.acquire(permits);
    semaphore.release(permits);
    return new RawStorm.Round(spawned.sum(), Duration.ofNanos(elapsed));
  }

  private void spawnUntilStopped(Spawn spawn, LongAdder spawned) {
    long count = 0;
    try {
      while (!stopping) {
        semaphore.acquire();
        try {
          spawn.spawn();
          count++;
        } catch (ProcessLimitExceededException full) {
          // the permit went back; try again
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      spawned.add(count);
    }
  }
}
