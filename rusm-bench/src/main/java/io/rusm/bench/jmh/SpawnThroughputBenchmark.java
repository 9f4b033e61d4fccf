package io.rusm.bench.jmh;

import io.rusm.ProcessBody;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn throughput under contention: two threads spawning processes that yield once and return, waiting
 * while {@code liveCap} are live, through rusm and on raw virtual threads with a
 * {@link ConcurrentHashMap} table (the spawn storm's baseline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class SpawnThroughputBenchmark {

  private static final ProcessBody YIELD_ONCE = ctx -> Thread.yield();

  /** The most processes live at once. */
  @Param({"10000"})
  public int liveCap;

  private ProcessRuntime runtime;
  private final ConcurrentHashMap<Long, Thread> rawTable = new ConcurrentHashMap<>();
  private final AtomicLong rawIds = new AtomicLong();
  private final ThreadFactory rawThreads = Thread.ofVirtual().factory();

  @Setup
  public void setUp() {
    runtime = ProcessRuntime.builder().build();
  }

  @TearDown
  public void tearDown() {
    runtime.close();
  }

  @Benchmark
  public ProcessRef rusm() {
    while (runtime.live() >= liveCap) {
      Thread.yield();
    }
    return runtime.spawn(YIELD_ONCE);
  }

  @Benchmark
  public Thread raw() {
    while (rawTable.size() >= liveCap) {
      Thread.yield();
    }
    long id = rawIds.getAndIncrement();
    Thread t = rawThreads.newThread(() -> {
      try {
        Thread.yield();
      } finally {
        rawTable.remove(id);
      }
    });
    rawTable.put(id, t);
    t.start();
    return t;
  }
}
