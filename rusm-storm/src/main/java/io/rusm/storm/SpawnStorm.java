package io.rusm.storm;

import io.rusm.ProcessInfo;
import io.rusm.ProcessRuntime;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;

/**
 * A spawn storm: spawner threads spawning processes through a {@link ProcessRuntime} as fast as they can
 * while fewer than {@link StormSettings#liveCap()} processes are live, sampled into {@link StormTick}s
 * at a fixed interval, ending in a {@link StormReport}. It measures steady-state spawn-and-exit
 * throughput against a bounded population, not a one-shot allocation spike.
 *
 * <pre>{@code
 * StormSettings settings = StormSettings.defaults().withDuration(Duration.ofSeconds(5));
 * try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
 *   SpawnStorm storm = SpawnStorm.start(runtime, settings, tick -> System.out.println(tick));
 *   StormReport report = storm.awaitReport();
 * }
 * }</pre>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Spawners</b> are platform threads ({@code rusm-storm-spawner-N}, as many as {@link
 *       StormSettings#spawnerCount(int)} gives for this machine's cores). Each loops: if the runtime
 *       holds fewer than the live cap, spawn; if not, yield a few times and then park briefly, so that a
 *       spawner at the cap leaves the cores to the processes. A spawner checks the cap and then spawns,
 *       so the population may pass the cap by at most one process per spawner. A spawn the runtime
 *       refuses at its own process limit is counted ({@link #rejectedSpawns()}) and treated like the cap;
 *       a spawn refused because the runtime shut down ends the storm.
 *   <li><b>Nothing is recorded per spawn.</b> Counts are the runtime's own counters, read at each tick
 *       relative to their values when the storm started; the live count is the runtime's. A storm
 *       therefore assumes it has the runtime to itself: other processes spawned or exiting meanwhile are
 *       counted in. One spawn in {@value #LATENCY_SAMPLE_EVERY} per spawner carries its spawn time
 *       into its body, which records the spawn-to-start latency into an HdrHistogram {@link Recorder}.
 *   <li><b>Bodies</b> are shared, immutable {@link io.rusm.ProcessBody} instances (see {@link
 *       StormBody}); each spawner draws from its own {@link java.util.concurrent.ThreadLocalRandom} which
 *       processes fail (they throw {@link StormFailure}) and which it kills right after spawning.
 *   <li><b>The sampler</b> is one platform thread ({@code rusm-storm-sampler}) that keeps the clock: it
 *       ticks every {@link StormSettings#tickInterval()}, calls {@code onTick} with each tick, ends
 *       spawning when the duration is up or {@link #stop()} is called, waits for the spawners to finish,
 *       then waits for the storm's processes to exit while it goes on ticking. It gives them the body's
 *       sleep and spin time plus a second; after that it kills the stragglers (every storm process is
 *       spawned with the name {@link #processName()}, which finds them), and after five more seconds it
 *       gives up, so a storm always ends. Then it delivers a last tick and the report.
 *   <li>A runtime exception thrown by {@code onTick} is logged once (later ones are counted) and the storm
 *       goes on. An {@link Error} thrown by it, or an interrupt of the sampler thread, ends spawning and
 *       fails the report; so does a spawn that fails other than at the runtime's limit or shutdown (a
 *       decorator that throws, say), after the storm's processes have drained. A failed storm kills its
 *       processes and waits for them as long as it would for stragglers before it reports, so a storm
 *       that is over has left nothing behind.
 * </ul>
 *
 * <p>Thread-safe: {@link #stop()}, {@link #latestTick()} and the report may be used from any thread.
 */
public final class SpawnStorm implements AutoCloseable {

  /** One spawn in this many, per spawner, is timed from spawn to start. */
  public static final int LATENCY_SAMPLE_EVERY = 64;

  /** What a storm adds to its body's sleep and spin time when it waits for its processes to exit. */
  static final Duration DRAIN_SLACK = Duration.ofSeconds(1);

  /** How long a storm waits for the stragglers it killed to exit before it gives up on them. */
  static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private static final long DRAIN_POLL_NANOS = 1_000_000;
  private static final StormTick NO_TICK =
      new StormTick(Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, Latency.NONE);
  private static final AtomicLong STORMS = new AtomicLong();
  private static final System.Logger LOG = System.getLogger(SpawnStorm.class.getName());

  private final ProcessRuntime runtime;
  private final StormSettings settings;
  private final Consumer<StormTick> onTick;
  private final String processName = "storm-" + STORMS.incrementAndGet();
  private final Duration drainGrace;
  private final Duration killWait;
  private final long startNanos = System.nanoTime();
  // Written by the sampled processes, read by the sampler: a Recorder is built for exactly that.
  private final Recorder latency = LatencyRecorders.create();
  // Incremented by every spawner when the runtime's limit refuses a spawn; rare, so an adder is plenty.
  private final LongAdder rejected = new LongAdder();
  // The highest live count any spawner read; raised only on a spawner's new high, read at each tick.
  private final LongAccumulator peakLive = new LongAccumulator(Math::max, 0);
  private final StormSampler sampler;
  private final Thread samplerThread;
  private final Thread[] spawnerThreads;
  // Completed once every spawner thread has ended, whatever way; joined without regard to interrupts by
  // the clean-up after a failure, which may itself be an interrupt.
  private final CompletableFuture<Void> spawnersDone;

  // Set once, by stop() from any thread, by the sampler when the time is up, or by a spawner when the
  // runtime shuts down; every spawner reads it once per spawn.
  private volatile boolean stopping;
  // The first failure of a spawn that ended a spawner (any but the limit's or the shutdown's); set once,
  // by that spawner, before it stops the storm; read by the sampler after joining the spawners.
  private final AtomicReference<Throwable> spawnFailure = new AtomicReference<>();
  // Written by the sampler thread only, read from anywhere.
  private volatile StormTick latest = NO_TICK;
  // Completed once, by the sampler thread, after the last tick.
  private final CompletableFuture<StormReport> report = new CompletableFuture<>();

  // Sampler thread only.
  private long nextTickAt;
  private int tickFailures;

  private SpawnStorm(ProcessRuntime runtime, StormSettings settings, Consumer<StormTick> onTick,
      Duration drainGrace, Duration killWait) {
    this.runtime = runtime;
    this.settings = settings;
    this.onTick = onTick;
    this.drainGrace = drainGrace;
    this.killWait = killWait;
    this.sampler = new StormSampler(runtime, latency, peakLive, startNanos);
    this.samplerThread = Thread.ofPlatform().daemon().name("rusm-storm-sampler").unstarted(this::sample);
    int count = settings.spawnerCount(Runtime.getRuntime().availableProcessors());
    Thread.Builder spawners = Thread.ofPlatform().daemon().name("rusm-storm-spawner-", 1);
    this.spawnerThreads = new Thread[count];
    CompletableFuture<?>[] done = new CompletableFuture<?>[count];
    for (int i = 0; i < count; i++) {
      Spawner spawner = new Spawner(this, runtime, settings, latency, rejected, peakLive);
      CompletableFuture<Void> finished = new CompletableFuture<>();
      done[i] = finished;
      this.spawnerThreads[i] = spawners.unstarted(() -> {
        try {
          spawner.run();
        } finally {
          finished.complete(null);
        }
      });
    }
    this.spawnersDone = CompletableFuture.allOf(done);
  }

  /**
   * Starts a storm with no tick consumer; see {@link #start(ProcessRuntime, StormSettings, Consumer)}.
   */
  public static SpawnStorm start(ProcessRuntime runtime, StormSettings settings) {
    return start(runtime, settings, tick -> { });
  }

  /**
   * Starts a storm: its spawners begin at once, and {@code onTick} is called on the storm's sampler
   * thread with a tick every {@link StormSettings#tickInterval()} and a last one when every process has
   * exited. Keep {@code onTick} short: the next tick waits for it.
   *
   * @throws NullPointerException naming the argument that is null
   * @throws IllegalStateException if {@code runtime} is shut down
   */
  public static SpawnStorm start(ProcessRuntime runtime, StormSettings settings, Consumer<StormTick> onTick) {
    Objects.requireNonNull(settings, "settings");
    return start(runtime, settings, onTick,
        settings.body().sleep().plus(settings.body().spin()).plus(DRAIN_SLACK), KILL_WAIT);
  }

  /** Starts a storm that waits {@code drainGrace} for its processes, then {@code killWait} after killing. */
  static SpawnStorm start(ProcessRuntime runtime, StormSettings settings, Consumer<StormTick> onTick,
      Duration drainGrace, Duration killWait) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(onTick, "onTick");
    if (runtime.isShutdown()) {
      throw new IllegalStateException("cannot start a spawn storm: the ProcessRuntime is shut down");
    }
    SpawnStorm storm = new SpawnStorm(runtime, settings, onTick, drainGrace, killWait);
    storm.samplerThread.start();
    for (Thread spawner : storm.spawnerThreads) {
      spawner.start();
    }
    return storm;
  }

  /** The settings this storm runs with. */
  public StormSettings settings() {
    return settings;
  }

  /** The number of spawner threads. */
  public int spawners() {
    return spawnerThreads.length;
  }

  /** The name every process of this storm is spawned with, unique to this storm in this JVM. */
  public String processName() {
    return processName;
  }

  /** Spawns the runtime refused so far because its process limit, lower than the live cap, was reached. */
  public long rejectedSpawns() {
    return rejected.sum();
  }

  /** Whether the storm has not yet delivered its report: spawning, or waiting for its processes. */
  public boolean isRunning() {
    return !report.isDone();
  }

  /** The latest tick; before the first one, a tick of zeros. */
  public StormTick latestTick() {
    return latest;
  }

  /**
   * Asks the storm to stop spawning; returns at once. The storm then waits for its processes to exit and
   * delivers its report. Calling it again, or after the storm ended, does nothing.
   */
  public void stop() {
    stopping = true;
    LockSupport.unpark(samplerThread);
  }

  boolean isStopping() {
    return stopping;
  }

  /** Called by a spawner whose spawn failed unexpectedly: it stops, and so does the storm, which fails. */
  void spawnFailed(Throwable failure) {
    spawnFailure.compareAndSet(null, failure);
    stop();
  }

  /**
   * Waits until spawning has stopped and every process of the storm has exited, and returns the report.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if the storm failed: {@code onTick} threw an {@link Error}, or the
   *     sampler thread was interrupted, or a spawn failed other than at the limit or the shutdown; or if
   *     called from {@code onTick}, which would wait forever
   */
  public StormReport awaitReport() throws InterruptedException {
    requireNotSampler();
    try {
      return report.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("spawn storm " + processName + " failed", e.getCause());
    }
  }

  /**
   * A future completed with the report; completed exceptionally if the storm failed. Each call returns
   * a new future: completing or cancelling it affects nothing else.
   */
  public CompletableFuture<StormReport> onReport() {
    return report.copy();
  }

  /**
   * Stops the storm and waits for its report, without being interruptible. A failed storm does not throw
   * here; {@link #awaitReport()} and {@link #onReport()} say how it failed.
   *
   * @throws IllegalStateException if called from {@code onTick}, which would wait forever (the storm is
   *     stopped all the same)
   */
  @Override
  public void close() {
    stop();
    requireNotSampler();
    report.exceptionally(failure -> null).join();
  }

  // The report is made on the sampler thread, after onTick returns: waiting for it there never ends.
  private void requireNotSampler() {
    if (Thread.currentThread() == samplerThread) {
      throw new IllegalStateException("onTick cannot wait for the storm's report: it runs on the thread that"
          + " makes the report; call stop() and use onReport()");
    }
  }

  @Override
  public String toString() {
    return "SpawnStorm[" + processName + ", " + (isRunning() ? "running" : "done") + ", " + latest + "]";
  }

  private void sample() {
    try {
      long tickNanos = saturatedNanos(settings.tickInterval());
      nextTickAt = tickNanos;
      tickUntilStopped(tickNanos);
      for (Thread spawner : spawnerThreads) {
        spawner.join();
      }
      long spawningEnd = System.nanoTime();
      drain(tickNanos);
      publish(sampler.tick(System.nanoTime()));
      if (tickFailures > 1) {
        LOG.log(Level.WARNING, "spawn storm " + processName + ": onTick failed " + tickFailures + " times");
      }
      Throwable spawnFailed = spawnFailure.get();
      if (spawnFailed != null) {
        report.completeExceptionally(new IllegalStateException("spawn storm " + processName
            + ": a spawn failed, and its spawner stopped", spawnFailed));
      } else {
        report.complete(sampler.report(spawningEnd, spawnerThreads.length));
      }
    } catch (Throwable failure) {
      stopping = true;
      killEverything();
      report.completeExceptionally(failure);
    }
  }

  // After a failure: no more spawns, no more ticks (onTick may be what failed), and the storm's processes
  // killed and waited for as long as stragglers are. Deaf to interrupts, since an interrupt may be the
  // failure; one that comes meanwhile is kept for the thread's end.
  private void killEverything() {
    spawnersDone.join();
    killStragglers();
    long waitStart = System.nanoTime();
    long limit = saturatedNanos(killWait);
    while (!sampler.drained() && System.nanoTime() - waitStart < limit) {
      LockSupport.parkNanos(this, DRAIN_POLL_NANOS);
    }
  }

  private void tickUntilStopped(long tickNanos) throws InterruptedException {
    long duration = settings.duration() == null ? Long.MAX_VALUE : saturatedNanos(settings.duration());
    while (!stopping) {
      long elapsed = System.nanoTime() - startNanos;
      if (elapsed >= duration) {
        stopping = true;
      } else if (!tickIfDue(elapsed, tickNanos)) {
        pause(Math.min(nextTickAt, duration) - elapsed);
      }
    }
  }

  /**
   * Waits for every process spawned since the start to exit, ticking meanwhile; kills the storm's
   * stragglers after {@link #drainGrace}, and gives up {@link #killWait} later.
   */
  private void drain(long tickNanos) throws InterruptedException {
    long waitStart = System.nanoTime();
    long limit = saturatedNanos(drainGrace);
    boolean killed = false;
    while (!sampler.drained()) {
      long now = System.nanoTime();
      if (now - waitStart >= limit) {
        if (killed) {
          return;
        }
        killStragglers();
        killed = true;
        waitStart = now;
        limit = saturatedNanos(killWait);
      }
      tickIfDue(now - startNanos, tickNanos);
      pause(DRAIN_POLL_NANOS);
    }
  }

  private void killStragglers() {
    for (ProcessInfo process : runtime.processes(Integer.MAX_VALUE)) {
      if (processName.equals(process.name())) {
        runtime.kill(process.pid());
      }
    }
  }

  private boolean tickIfDue(long elapsed, long tickNanos) {
    if (elapsed < nextTickAt) {
      return false;
    }
    publish(sampler.tick(startNanos + elapsed));
    // The next tick falls on the interval's grid; ticks missed while onTick ran long are skipped.
    nextTickAt += ((elapsed - nextTickAt) / tickNanos + 1) * tickNanos;
    return true;
  }

  private void publish(StormTick tick) {
    latest = tick;
    try {
      onTick.accept(tick);
    } catch (RuntimeException e) {
      if (tickFailures++ == 0) {
        LOG.log(Level.WARNING, "spawn storm " + processName
            + ": onTick failed; the storm goes on, and further failures are only counted", e);
      }
    }
  }

  private void pause(long nanos) throws InterruptedException {
    LockSupport.parkNanos(this, nanos);
    if (Thread.interrupted()) {
      throw new InterruptedException("spawn storm sampler interrupted");
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
