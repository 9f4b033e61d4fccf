package io.rusm.bench.jmh;

import io.rusm.Exit;
import io.rusm.ProcessBody;
import io.rusm.ProcessRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn-and-join latency: spawn a process with an empty body and wait for its exit, against starting and
 * joining a raw virtual thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpawnJoinBenchmark {

  private static final ProcessBody EMPTY = ctx -> { };

  private ProcessRuntime runtime;

  @Setup
  public void setUp() {
    runtime = ProcessRuntime.builder().build();
  }

  @TearDown
  public void tearDown() {
    runtime.close();
  }

  @Benchmark
  public Exit rusmSpawnJoin() throws InterruptedException {
    return runtime.spawn(EMPTY).join();
  }

  @Benchmark
  public Thread rawStartJoin() throws InterruptedException {
    Thread t = Thread.ofVirtual().start(() -> { });
    t.join();
    return t;
  }
}
