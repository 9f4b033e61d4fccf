package io.rusm.bench.jmh;

import io.rusm.ProcessContext;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.bench.RawMailbox;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Send-to-receive latency: the average time of one ping-pong round trip (two sends, two receives) between
 * two processes, against two raw virtual threads with a {@link RawMailbox.Ltq} or a {@link
 * RawMailbox.Park} mailbox. The benchmark thread is not a process, so it starts a batch of {@value
 * #ROUND_TRIPS} round trips and waits for the batch to end; that hand-off is shared by the whole batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageLatencyBenchmark {

  static final int ROUND_TRIPS = 1_000;

  /** Starts a batch; completed by the ping after its last round trip. */
  record Batch(CompletableFuture<Void> done) {}

  /** The ball, naming the side that bounces it back. */
  record Ball(Object from) {}

  private ProcessRuntime runtime;
  private ProcessRef ping;
  private RawMailbox ltqPing;
  private RawMailbox parkPing;
  private Thread[] rawThreads;

  @Setup
  public void setUp() {
    runtime = ProcessRuntime.builder().build();
    ProcessRef pong = runtime.spawn(MessageLatencyBenchmark::pong);
    ping = runtime.spawn(ctx -> ping(ctx, pong));
    rawThreads = new Thread[4];
    ltqPing = rawPair(RawMailbox.Ltq::new, 0);
    parkPing = rawPair(RawMailbox.Park::new, 2);
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    runtime.close();
    for (Thread t : rawThreads) {
      t.interrupt();
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public Object rusmRoundTrip() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ping.send(new Batch(done));
    return done.join();
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public Object rawLtqRoundTrip() {
    return rawBatch(ltqPing);
  }

  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public Object rawParkRoundTrip() {
    return rawBatch(parkPing);
  }

  private static Object rawBatch(RawMailbox ping) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ping.put(new Batch(done));
    return done.join();
  }

  private static void ping(ProcessContext ctx, ProcessRef pong) throws InterruptedException {
    ProcessRef me = ctx.runtime().find(ctx.self()).orElseThrow();
    while (true) {
      Batch batch = (Batch) ctx.receive();
      for (int i = 0; i < ROUND_TRIPS; i++) {
        pong.send(new Ball(me));
        ctx.receive();
      }
      batch.done().complete(null);
    }
  }

  private static void pong(ProcessContext ctx) throws InterruptedException {
    ProcessRef me = ctx.runtime().find(ctx.self()).orElseThrow();
    while (true) {
      Ball ball = (Ball) ctx.receive();
      ((ProcessRef) ball.from()).send(new Ball(me));
    }
  }

  /** Starts a raw ping and pong on virtual threads; returns the ping's mailbox. */
  private RawMailbox rawPair(Supplier<RawMailbox> mailboxes, int slot) {
    RawMailbox pingBox = mailboxes.get();
    RawMailbox pongBox = mailboxes.get();
    rawThreads[slot] = raw(pongBox, () -> {
      while (true) {
        Ball ball = (Ball) pongBox.take();
        ((RawMailbox) ball.from()).put(new Ball(pongBox));
      }
    });
    rawThreads[slot + 1] = raw(pingBox, () -> {
      while (true) {
        Batch batch = (Batch) pingBox.take();
        for (int i = 0; i < ROUND_TRIPS; i++) {
          pongBox.put(new Ball(pingBox));
          pingBox.take();
        }
        batch.done().complete(null);
      }
    });
    return pingBox;
  }

  /** A loop that runs until interrupted. */
  interface Loop {
    void run() throws InterruptedException;
  }

  /** Starts {@code loop} on a virtual thread that owns {@code box}. */
  static Thread raw(RawMailbox box, Loop loop) {
    Thread t = Thread.ofVirtual().unstarted(() -> {
      try {
        loop.run();
      } catch (InterruptedException stopped) {
        // the tear-down
      }
    });
    box.owner = t;
    t.start();
    return t;
  }
}
