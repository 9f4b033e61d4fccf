package io.rusm.bench.jmh;

import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kill-to-exit latency: from {@code kill()} on a process parked in its body to its exit being joined.
 * Each invocation gets a fresh process that has started and parked (spawned in an invocation-level setup,
 * which is not measured).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KillToExitBenchmark {

  private ProcessRuntime runtime;
  private ProcessRef process;
  // Set by the process just before it parks; read by the setup, which waits for it.
  private volatile boolean parked;

  @Setup(Level.Trial)
  public void startRuntime() {
    runtime = ProcessRuntime.builder().build();
  }

  @TearDown(Level.Trial)
  public void stopRuntime() {
    runtime.close();
  }

  @Setup(Level.Invocation)
  public void spawnParkedProcess() {
    parked = false;
    process = runtime.spawn(ctx -> {
      parked = true;
      while (!ctx.isKilled()) {
        LockSupport.park();
      }
    });
    while (!parked) {
      Thread.onSpinWait();
    }
  }

  @Benchmark
  public Exit killToExit() throws InterruptedException {
    process.kill();
    return process.join();
  }
}
