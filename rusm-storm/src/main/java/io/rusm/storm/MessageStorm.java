package io.rusm.storm;

import io.rusm.Pid;
import io.rusm.ProcessBody;
import io.rusm.ProcessInfo;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A message storm: processes sending messages through a {@link ProcessRuntime}'s mailboxes as fast as they
 * can, in one of three shapes ({@link MessageWorkload}), sampled into {@link MessageTick}s at a fixed
 * interval and ending in a {@link MessageReport}. The message counterpart of {@link SpawnStorm}.
 *
 * <pre>{@code
 * MessageStormSettings settings = MessageStormSettings.of(MessageWorkload.RING, 10_000)
 *     .withDuration(Duration.ofSeconds(5));
 * MessageStorm storm = MessageStorm.start(runtime, settings, tick -> System.out.println(tick));
 * MessageReport report = storm.awaitReport();
 * }</pre>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Ping-pong</b>: each pair is a pinger that sends a ping and waits in {@code receive} for the
 *       pong, and a ponger that answers each ping. One round trip in {@value #LATENCY_SAMPLE_EVERY} per
 *       pinger is timed into an HdrHistogram {@link Recorder}; nothing else is recorded per message.
 *   <li><b>Ring</b>: each process receives the token and sends it to the next; one token goes round for
 *       the duration, so the rate is that of one message hop after another, each waking the next process.
 *   <li><b>Fan-in</b>: senders send to one receiver in windows of {@link MessageStormSettings#window()}
 *       messages; the last of each window asks the receiver for an acknowledgement, and the sender waits for
 *       it before the next window. The receiver's mailbox so never holds more than senders times window
 *       messages, and its length, read at each tick, shows the backlog the senders build up.
 *   <li><b>Counts</b> are the runtime's own message counters, read at each tick relative to their values
 *       when the storm started: a storm assumes it has the runtime to itself.
 *   <li><b>The sampler</b>, one platform thread ({@code rusm-message-storm-sampler}), spawns the processes
 *       (all named {@link #processName()}), starts the traffic, ticks every {@link
 *       MessageStormSettings#tickInterval()} until the duration is up or {@link #stop()} is called, then
 *       kills every process of the storm and waits for them to exit (at most {@link #KILL_WAIT}). Messages
 *       still in their mailboxes are counted as dropped, and a ring's token passed to a process already
 *       killed as a dead letter. Then it delivers a last tick and the report.
 * </ul>
 *
 * <p>Thread-safe: {@link #stop()}, {@link #latestTick()} and the report may be used from any thread.
 */
public final class MessageStorm implements AutoCloseable {

  /** One round trip in this many, per ping-pong pair, is timed. A power of two. */
  public static final int LATENCY_SAMPLE_EVERY = 64;

  /** How long a storm waits for the processes it killed to exit before it gives up on them. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MICRO = 1e3;
  private static final MessageTick NO_TICK = new MessageTick(Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, Latency.NONE);
  private static final AtomicLong STORMS = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(MessageStorm.class.getName());
  /** Messages that carry nothing but what they are. */
  private enum Signal { GO, PONG, ITEM }

  /** A ping, carrying where the pong goes. */
  private record Ping(Pid from) {}

  /** The last message of a fan-in window: the receiver acknowledges it to {@code from}. */
  private record LastOfWindow(Pid from) {}

  /** The token a ring passes round. */
  private record Token() {}

  private final ProcessRuntime runtime;
  private final MessageStormSettings settings;
  private final Consumer<MessageTick> onTick;
  private final String processName = "message-storm-" + STORMS.incrementAndGet();
  // Written by the sampled pingers, read by the sampler: a Recorder is built for exactly that.
  private final Recorder latency = LatencyRecorders.create();
  private final Histogram totalLatency = new Histogram(3);
  private final Thread samplerThread;
  private final List<ProcessRef> processes = new ArrayList<>();
  private final CompletableFuture<MessageReport> report = new CompletableFuture<>();

  private volatile boolean stopping;
  private volatile MessageTick latest = NO_TICK;

  // Sampler thread only.
  private Pid receiver;
  private Histogram interval;
  private long startNanos;
  private Counts base;
  private long lastNanos;
  private long lastReceived;
  private double peakRate;
  private long peakMailbox;
  private int tickFailures;

  private MessageStorm(ProcessRuntime runtime, MessageStormSettings settings, Consumer<MessageTick> onTick) {
    this.runtime = runtime;
    this.settings = settings;
    this.onTick = onTick;
    this.samplerThread = Thread.ofPlatform().daemon().name("rusm-message-storm-sampler").unstarted(this::run);
  }

  /** Starts a storm with no tick consumer; see {@link #start(ProcessRuntime, MessageStormSettings, Consumer)}. */
  public static MessageStorm start(ProcessRuntime runtime, MessageStormSettings settings) {
    return start(runtime, settings, tick -> { });
  }

  /**
   * Starts a storm: its sampler thread spawns the processes and starts the traffic, then calls {@code onTick}
   * with a tick every {@link MessageStormSettings#tickInterval()} and a last one when every process has
   * exited. Keep {@code onTick} short: the next tick waits for it.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalStateException if {@code runtime} is shut down
   */
  public static MessageStorm start(ProcessRuntime runtime, MessageStormSettings settings,
      Consumer<MessageTick> onTick) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(onTick, "onTick");
    if (runtime.isShutdown()) {
      throw new IllegalStateException("cannot start a message storm: the ProcessRuntime is shut down");
    }
    MessageStorm storm = new MessageStorm(runtime, settings, onTick);
    storm.samplerThread.start();
    return storm;
  }

  /** The settings this storm runs with. */
  public MessageStormSettings settings() {
    return settings;
  }

  /** The name every process of this storm is spawned with, unique to this storm in this JVM. */
  public String processName() {
    return processName;
  }

  /** Whether the storm has not yet delivered its report. */
  public boolean isRunning() {
    return !report.isDone();
  }

  /** The latest tick; before the first one, a tick of zeros. */
  public MessageTick latestTick() {
    return latest;
  }

  /** Asks the storm to stop; returns at once. Calling it again, or after the storm ended, does nothing. */
  public void stop() {
    stopping = true;
    LockSupport.unpark(samplerThread);
  }

  /**
   * Waits until every process of the storm has exited, and returns the report.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if the storm failed (a spawn was refused, {@code onTick} threw an {@link
   *     Error}, the sampler thread was interrupted), or if called from {@code onTick}
   */
  public MessageReport awaitReport() throws InterruptedException {
    requireNotSampler();
    try {
      return report.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("message storm " + processName + " failed", e.getCause());
    }
  }

  /** A future completed with the report, or exceptionally if the storm failed; a new one at each call. */
  public CompletableFuture<MessageReport> onReport() {
    return report.copy();
  }

  /**
   * Stops the storm and waits for its report, without being interruptible; a failed storm does not throw
   * here.
   *
   * @throws IllegalStateException if called from {@code onTick}
   */
  @Override
  public void close() {
    stop();
    requireNotSampler();
    report.exceptionally(failure -> null).join();
  }

  private void requireNotSampler() {
    if (Thread.currentThread() == samplerThread) {
      throw new IllegalStateException("onTick cannot wait for the storm's report: it runs on the thread that"
          + " makes the report; call stop() and use onReport()");
    }
  }

  @Override
  public String toString() {
    return "MessageStorm[" + processName + ", " + settings.workload().tag() + " " + settings.size() + ", "
        + (isRunning() ? "running" : "done") + ", " + latest + "]";
  }

  private void run() {
    try {
      base = Counts.read(runtime);
      startNanos = System.nanoTime();
      lastNanos = startNanos;
      spawnAndStart();
      tickUntilStopped();
      long end = System.nanoTime();
      killAll();
      publish(tick(System.nanoTime()));
      if (tickFailures > 1) {
        LOG.log(Level.WARNING, "message storm " + processName + ": onTick failed " + tickFailures + " times");
      }
      report.complete(report(end));
    } catch (Throwable failure) {
      stopping = true;
      killAll();
      report.completeExceptionally(failure);
    }
  }

  private void spawnAndStart() {
    int size = settings.size();
    receiver = switch (settings.workload()) {
      case PING_PONG -> startPingPong(size);
      case RING -> startRing(size);
      case FAN_IN -> startFanIn(size, settings.window());
    };
  }

  private Pid startPingPong(int pairs) {
    List<ProcessRef> pingers = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      Pid ponger = spawn(MessageStorm::pong).pid();
      pingers.add(spawn(ctx -> ping(ctx, ponger)));
    }
    pingers.forEach(pinger -> pinger.send(Signal.GO));
    return null;
  }

  private Pid startRing(int size) {
    ProcessRef[] ring = new ProcessRef[size];
    for (int i = 0; i < size; i++) {
      ring[i] = spawn(ctx -> {
        Pid next = (Pid) ctx.receive();
        while (true) {
          ctx.send(next, ctx.receive());
        }
      });
    }
    // Each process first learns its successor, then the token goes out: every successor was sent before
    // the token, so it is first in each mailbox.
    for (int i = 0; i < size; i++) {
      ring[i].send(ring[(i + 1) % size].pid());
    }
    ring[0].send(new Token());
    return null;
  }

  /** Returns the receiver, whose mailbox each tick reads. */
  private Pid startFanIn(int senders, int window) {
    Pid to = spawn(MessageStorm::receive).pid();
    for (int i = 0; i < senders; i++) {
      spawn(ctx -> send(ctx, to, window));
    }
    return to;
  }

  private ProcessRef spawn(ProcessBody body) {
    ProcessRef ref = runtime.spawn(processName, body);
    processes.add(ref);
    return ref;
  }

  private static void pong(io.rusm.ProcessContext ctx) throws InterruptedException {
    while (true) {
      ctx.send(((Ping) ctx.receive()).from(), Signal.PONG);
    }
  }

  private void ping(io.rusm.ProcessContext ctx, Pid ponger) throws InterruptedException {
    ctx.receive();
    Ping ping = new Ping(ctx.self());
    for (long n = 0; ; n++) {
      if ((n & (LATENCY_SAMPLE_EVERY - 1)) == 0) {
        long sent = System.nanoTime();
        ctx.send(ponger, ping);
        ctx.receive();
        LatencyRecorders.record(latency, System.nanoTime() - sent);
      } else {
        ctx.send(ponger, ping);
        ctx.receive();
      }
    }
  }

  private static void receive(io.rusm.ProcessContext ctx) throws InterruptedException {
    while (true) {
      if (ctx.receive() instanceof LastOfWindow last) {
        ctx.send(last.from(), Signal.GO);
      }
    }
  }

  private static void send(io.rusm.ProcessContext ctx, Pid to, int window) throws InterruptedException {
    LastOfWindow last = new LastOfWindow(ctx.self());
    while (true) {
      for (int i = 1; i < window; i++) {
        ctx.send(to, Signal.ITEM);
      }
      ctx.send(to, last);
      ctx.receive();
    }
  }

  private void tickUntilStopped() throws InterruptedException {
    long tickNanos = settings.tickInterval().toNanos();
    long duration = settings.duration() == null ? Long.MAX_VALUE : saturatedNanos(settings.duration());
    long nextTickAt = tickNanos;
    while (!stopping) {
      long elapsed = System.nanoTime() - startNanos;
      if (elapsed >= duration) {
        stopping = true;
      } else if (elapsed >= nextTickAt) {
        publish(tick(startNanos + elapsed));
        nextTickAt += ((elapsed - nextTickAt) / tickNanos + 1) * tickNanos;
      } else {
        LockSupport.parkNanos(this, Math.min(nextTickAt, duration) - elapsed);
        if (Thread.interrupted()) {
          throw new InterruptedException("message storm sampler interrupted");
        }
      }
    }
  }

  /** Kills every process of the storm and waits for them to exit, at most {@link #KILL_WAIT}. */
  private void killAll() {
    processes.forEach(ProcessRef::kill);
    CompletableFuture.allOf(processes.stream().map(ProcessRef::onExit).toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .join();
  }

  private MessageTick tick(long nowNanos) {
    Counts c = Counts.read(runtime).since(base);
    double rate = (c.received - lastReceived) * NANOS_PER_SECOND / Math.max(1, nowNanos - lastNanos);
    interval = latency.getIntervalHistogram(interval);
    totalLatency.add(interval);
    long mailbox = receiver == null ? 0
        : runtime.info(receiver).map(ProcessInfo::mailboxLength).orElse(0L);
    peakRate = Math.max(peakRate, rate);
    peakMailbox = Math.max(peakMailbox, mailbox);
    lastNanos = nowNanos;
    lastReceived = c.received;
    return new MessageTick(Duration.ofNanos(nowNanos - startNanos), c.sent, c.delivered, c.received,
        c.deadLetters, c.dropped, rate, mailbox, latencyOf(interval));
  }

  private MessageReport report(long endNanos) {
    Counts c = Counts.read(runtime).since(base);
    long elapsed = Math.max(1, endNanos - startNanos);
    // Every storm process has exited: each message sent is delivered or a dead letter, and each delivered
    // one received or dropped. One comparison, whichever way the counts are off.
    boolean balanced = Math.abs(c.sent - c.delivered - c.deadLetters) + Math.abs(c.delivered - c.received - c.dropped)
        == 0;
    return new MessageReport(settings.workload(), settings.size(), processes.size(), Duration.ofNanos(elapsed),
        c.sent, c.delivered, c.received, c.deadLetters, c.dropped, c.received * NANOS_PER_SECOND / elapsed,
        peakRate, peakMailbox, latencyOf(totalLatency),
        balanced);
  }

  private void publish(MessageTick tick) {
    latest = tick;
    try {
      onTick.accept(tick);
    } catch (RuntimeException e) {
      if (tickFailures++ == 0) {
        LOG.log(Level.WARNING, "message storm " + processName
            + ": onTick failed; the storm goes on, and further failures are only counted", e);
      }
    }
  }

  private static Latency latencyOf(Histogram h) {
    return new Latency(h.getValueAtPercentile(50) / NANOS_PER_MICRO, h.getValueAtPercentile(95) / NANOS_PER_MICRO,
        h.getValueAtPercentile(99) / NANOS_PER_MICRO, h.getTotalCount());
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** One reading of the runtime's message counters. */
  private record Counts(long sent, long delivered, long received, long deadLetters, long dropped) {

    // Read from the end of a message's life to its start, so that a reading never shows a message
    // received that it does not show sent.
    static Counts read(ProcessRuntime runtime) {
      long dropped = runtime.messagesDropped();
      long received = runtime.messagesReceived();
      long deadLetters = runtime.deadLetters();
      long delivered = runtime.messagesDelivered();
      return new Counts(runtime.messagesSent(), delivered, received, deadLetters, dropped);
    }

    Counts since(Counts base) {
      return new Counts(sent - base.sent, delivered - base.delivered, received - base.received,
          deadLetters - base.deadLetters, dropped - base.dropped);
    }
  }
}
