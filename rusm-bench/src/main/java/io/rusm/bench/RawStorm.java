package io.rusm.bench;

import io.rusm.storm.StormBody;
import io.rusm.storm.StormFailure;
import io.rusm.storm.StormSettings;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline a spawn storm is measured against: the same storm on raw virtual threads, with nothing but
 * a {@link ConcurrentHashMap} for a process table. Each spawn takes an id from an {@link AtomicLong},
 * puts the unstarted thread in the table and starts it; the thread removes itself in a {@code finally}.
 * Same spawner count, same bounded-population rule (spawn while the table holds fewer than the cap,
 * yield and then park briefly at the cap) and the same body as the rusm storm; a kill is an interrupt.
 * No names, no counters, no exit values: the least a table of live threads costs.
 */
final class RawStorm {

  private static final int YIELDS_BEFORE_PARKING = 16;
  private static final long PARK_NANOS = 100_000;

  // Live threads by id; the storm's own population count is this map's size.
  private final ConcurrentHashMap<Long, Thread> table = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ThreadFactory threads = Thread.ofVirtual().factory();
  private final StormSettings settings;
  private final int spawners;
  // Set by the round's driver, read by every spawner once per spawn.
  private volatile boolean stopping;

  RawStorm(StormSettings settings, int spawners) {
    this.settings = settings;
    this.spawners = spawners;
  }

  /** The result of one round: how many threads were spawned, over how long. */
  record Round(long spawned, Duration elapsed) {
    double spawnsPerSecond() {
      return spawned * 1e9 / elapsed.toNanos();
    }
  }

  /** Runs one storm of {@code duration} and waits until every thread it started has exited. */
  Round run(Duration duration) throws InterruptedException {
    stopping = false;
    long firstId = ids.get();
    Thread[] spawnerThreads = new Thread[spawners];
    Thread.Builder builder = Thread.ofPlatform().daemon().name("raw-storm-spawner-", 1);
    long start = System.nanoTime();
    for (int i = 0; i < spawners; i++) {
      spawnerThreads[i] = builder.start(this::spawn);
    }
    Thread.sleep(duration);
    stopping = true;
    for (Thread t : spawnerThreads) {
      t.join();
    }
    long elapsed = System.nanoTime() - start;
    while (!table.isEmpty()) {
      LockSupport.parkNanos(1_000_000);
    }
    return new Round(ids.get() - firstId, Duration.ofNanos(elapsed));
  }

  private void spawn() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StormBody body = settings.body();
    long sleepNanos = body.sleep().toNanos();
    long spinNanos = body.spin().toNanos();
    double failFraction = body.failFraction();
    double killFraction = body.killFraction();
    int liveCap = settings.liveCap();
    int misses = 0;
    while (!stopping) {
      if (table.size() >= liveCap) {
        misses = backOff(misses);
        continue;
      }
      boolean fail = failFraction > 0 && random.nextDouble() < failFraction;
      long id = ids.getAndIncrement();
      Thread t = threads.newThread(new RawProcess(table, id, sleepNanos, spinNanos, fail));
      table.put(id, t);
      t.start();
      misses = 0;
      if (killFraction > 0 && random.nextDouble() < killFraction) {
        t.interrupt();
      }
    }
  }

  private static int backOff(int misses) {
    if (misses < YIELDS_BEFORE_PARKING) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(PARK_NANOS);
    }
    return misses + 1;
  }

  /** One raw thread's body: what the rusm storm's body does, then it leaves the table. */
  private record RawProcess(ConcurrentHashMap<Long, Thread> table, long id, long sleepNanos, long spinNanos,
      boolean fail) implements Runnable {

    @Override
    public void run() {
      try {
        if (sleepNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(sleepNanos);
        }
        if (spinNanos > 0) {
          long start = System.nanoTime();
          while (System.nanoTime() - start < spinNanos && !Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
          }
        }
        if (sleepNanos == 0 && spinNanos == 0) {
          Thread.yield();
        }
        if (fail) {
          throw new StormFailure();
        }
      } catch (InterruptedException | StormFailure expected) {
        // a kill, or a planned failure: either way the thread ends here
      } finally {
        table.remove(id);
      }
    }
  }
}
