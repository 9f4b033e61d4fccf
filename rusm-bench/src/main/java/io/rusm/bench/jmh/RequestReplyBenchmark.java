package io.rusm.bench.jmh;

import io.rusm.ProcessContext;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.ReplyTo;
import io.rusm.bench.RawMailbox;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * A request/reply round trip, average time per request: {@link ProcessContext#call} from a client process
 * to a server process, and {@link ProcessRuntime#ask} from the benchmark's platform thread. The raw
 * baselines do the same with a {@link RawMailbox.Ltq} mailbox for the server and a {@link
 * CompletableFuture} per request for the reply: from a virtual-thread client, and from the benchmark
 * thread. A client process runs its calls in batches of {@value #CALLS}, started and awaited by the
 * benchmark thread, which is not a process; ask needs no batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestReplyBenchmark {

  static final int CALLS = 1_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Integer ANSWER = 42;

  /** The request to a rusm server. */
  record Get(ReplyTo<Integer> replyTo) {}

  /** The request to a raw server: the future is the reply channel. */
  record RawGet(CompletableFuture<Integer> reply) {}

  /** Starts a client's batch; completed after its last call. */
  record Batch(CompletableFuture<Void> done) {}

  private ProcessRuntime runtime;
  private ProcessRef server;
  private ProcessRef client;
  private RawMailbox rawServer;
  private RawMailbox rawClient;
  private Thread[] rawThreads;

  @Setup
  public void setUp() {
    runtime = ProcessRuntime.builder().build();
    server = runtime.spawn(ctx -> {
      while (true) {
        ((Get) ctx.receive()).replyTo().reply(ANSWER);
      }
    });
    client = runtime.spawn(ctx -> {
      while (true) {
        Batch batch = (Batch) ctx.receive();
        for (int i = 0; i < CALLS; i++) {
          ctx.<Integer>call(server.pid(), Get::new, TIMEOUT);
        }
        batch.done().complete(null);
      }
    });
    rawServer = new RawMailbox.Ltq();
    rawClient = new RawMailbox.Ltq();
    rawThreads = new Thread[] {
        MessageLatencyBenchmark.raw(rawServer, () -> {
          while (true) {
            ((RawGet) rawServer.take()).reply().complete(ANSWER);
          }
        }),
        MessageLatencyBenchmark.raw(rawClient, () -> {
          while (true) {
            Batch batch = (Batch) rawClient.take();
            for (int i = 0; i < CALLS; i++) {
              rawCall(rawServer);
            }
            batch.done().complete(null);
          }
        })
    };
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
  @OperationsPerInvocation(CALLS)
  public Object rusmCall() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    client.send(new Batch(done));
    return done.join();
  }

  @Benchmark
  public Integer rusmAsk() throws InterruptedException, ExecutionException {
    return runtime.<Integer>ask(server.pid(), Get::new, TIMEOUT).get();
  }

  @Benchmark
  @OperationsPerInvocation(CALLS)
  public Object rawCall() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    rawClient.put(new Batch(done));
    return done.join();
  }

  @Benchmark
  public Integer rawAsk() throws InterruptedException {
    return rawCall(rawServer);
  }

  private static Integer rawCall(RawMailbox server) throws InterruptedException {
    CompletableFuture<Integer> reply = new CompletableFuture<>();
    server.put(new RawGet(reply));
    try {
      return reply.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the raw server did not reply", e);
    }
  }
}
