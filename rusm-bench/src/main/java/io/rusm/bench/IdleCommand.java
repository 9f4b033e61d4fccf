package io.rusm.bench;

import io.rusm.ProcessBody;
import io.rusm.ProcessRuntime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code run idle N}: N processes parked until killed. With {@code --receive}, also N processes blocked
 * in {@code receive()} on an empty mailbox, and what that adds to each. Prints the heap each live process costs (heap in
 * use after garbage collection, with all N parked, less the same before), the time to spawn them all and
 * the time to kill them all and see them exit. With {@code --baseline}, the same for raw virtual threads
 * parked the same way in a {@link ConcurrentHashMap} table. A warm-up round of each runs first.
 */
final class IdleCommand {

  private static final int WARM_UP = 100_000;
  private static final Set<String> VALUE_OPTIONS = Set.of("--stripes");
  private static final Set<String> FLAGS = Set.of("--baseline", "--receive", "--thread-names");

  private final int count;
  private final ProcessRuntime.Builder runtime;
  private final boolean baseline;
  private final boolean receive;

  IdleCommand(int count, ProcessRuntime.Builder runtime, boolean baseline, boolean receive) {
    this.count = count;
    this.runtime = runtime;
    this.baseline = baseline;
    this.receive = receive;
  }

  static IdleCommand parse(List<String> args) throws UsageException {
    Options o = Options.parse("run idle", args, VALUE_OPTIONS, FLAGS);
    int count = Options.parseInt("N", o.positionals("N").get(0), 1);
    ProcessRuntime.Builder runtime = StormCommand.runtimeBuilder(o).maxProcesses(
        Math.max(count, ProcessRuntime.DEFAULT_MAX_PROCESSES));
    return new IdleCommand(count, runtime, o.flag("--baseline"), o.flag("--receive"));
  }

  int count() {
    return count;
  }

  boolean baseline() {
    return baseline;
  }

  boolean receive() {
    return receive;
  }

  /** One measurement: heap before and after, and the times to spawn, to see all running, and to kill. */
  record Result(int count, long heapBefore, long heapAfter, long spawnNanos, long runningNanos, long killNanos) {
    double bytesPerProcess() {
      return (double) (heapAfter - heapBefore) / count;
    }
  }

  int run(PrintStream out) throws InterruptedException {
    out.println(Environment.describe());
    int warmUp = Math.min(count, WARM_UP);
    rusm(warmUp, PARKED);
    if (receive) {
      rusm(warmUp, RECEIVING);
    }
    if (baseline) {
      raw(warmUp);
    }
    out.printf(Locale.ROOT, "%s parked processes, after a warm-up with %s%n", Format.count(count),
        Format.count(warmUp));
    Result rusm = rusm(count, PARKED);
    print(out, "rusm", rusm);
    if (receive) {
      Result receiving = rusm(count, RECEIVING);
      print(out, "rusm in receive()", receiving);
      out.printf(Locale.ROOT, "in receive() - parked: %+,.0f bytes per process%n",
          receiving.bytesPerProcess() - rusm.bytesPerProcess());
    }
    if (baseline) {
      Result raw = raw(count);
      print(out, "raw", raw);
      out.printf(Locale.ROOT, "rusm/raw heap per process %.2f%n", rusm.bytesPerProcess() / raw.bytesPerProcess());
    }
    return 0;
  }

  private static void print(PrintStream out, String label, Result r) {
    out.printf(Locale.ROOT, "%-5s %,.0f bytes per live process (heap %,d MiB -> %,d MiB after GC)%n", label,
        r.bytesPerProcess(), r.heapBefore() >> 20, r.heapAfter() >> 20);
    out.printf(Locale.ROOT, "%-5s spawned %s in %s (all running after %s), killed all and saw them exit in %s%n",
        label, Format.count(r.count()), Format.millis(r.spawnNanos()), Format.millis(r.runningNanos()),
        Format.millis(r.killNanos()));
  }

  private static final boolean PARKED = false;
  private static final boolean RECEIVING = true;

  /**
   * Spawns {@code n} processes that park (or wait in {@code receive()} on an empty mailbox) until
   * killed, measures, then kills them all.
   */
  private Result rusm(int n, boolean inReceive) throws InterruptedException {
    LongAdder started = new LongAdder();
    ProcessBody parked = inReceive
        ? ctx -> {
          ctx.receive(Duration.ZERO);
          started.increment();
          ctx.receive();
        }
        : ctx -> {
          started.increment();
          while (!ctx.isKilled()) {
            LockSupport.park();
          }
        };
    try (ProcessRuntime rt = runtime.build()) {
      long before = HeapMeter.usedAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        rt.spawn(parked);
      }
      long spawned = System.nanoTime() - start;
      awaitStarted(started, n);
      long running = System.nanoTime() - start;
      long after = HeapMeter.usedAfterGc();
      long killStart = System.nanoTime();
      rt.shutdown(Duration.ZERO);
      return new Result(n, before, after, spawned, running, System.nanoTime() - killStart);
    }
  }

  /** The same for raw virtual threads in a {@link ConcurrentHashMap}, killed by interrupting each. */
  private static Result raw(int n) throws InterruptedException {
    LongAdder started = new LongAdder();
    ConcurrentHashMap<Long, Thread> table = new ConcurrentHashMap<>();
    AtomicLong ids = new AtomicLong();
    ThreadFactory threads = Thread.ofVirtual().factory();
    long before = HeapMeter.usedAfterGc();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long id = ids.getAndIncrement();
      Thread t = threads.newThread(() -> {
        started.increment();
        try {
          while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park();
          }
        } finally {
          table.remove(id);
        }
      });
      table.put(id, t);
      t.start();
    }
    long spawned = System.nanoTime() - start;
    awaitStarted(started, n);
    long running = System.nanoTime() - start;
    long after = HeapMeter.usedAfterGc();
    long killStart = System.nanoTime();
    table.values().forEach(Thread::interrupt);
    while (!table.isEmpty()) {
      LockSupport.parkNanos(1_000_000);
    }
    return new Result(n, before, after, spawned, running, System.nanoTime() - killStart);
  }

  private static void awaitStarted(LongAdder started, int n) {
    while (started.sum() < n) {
      LockSupport.parkNanos(1_000_000);
    }
  }
}
