package io.rusm.sample.cascade;

import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormConflictException;
import io.rusm.sample.storm.ScenarioRun;
import io.rusm.sample.stream.StreamEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One cascade storm started from the web: trees of linked processes built one after another, each killed
 * at one process chosen at random and timed from the kill to the last exit of the tree, and the events
 * it publishes: a {@code cascade-tick} at every tick, then {@code cascade-report} (or {@code
 * cascade-failed}) once the last tree is down.
 *
 * <p>Two platform threads: the driver builds a {@link CascadeTree}, kills it and waits for it to go down,
 * until the duration is up or a stop is asked for (the tree in flight then still goes down, so every tree
 * spawned is a cascade); the sampler ticks every {@link #TICK_INTERVAL} until the driver has ended, then
 * makes the report. Counts are the storm's own, but {@code linkedExits} is the runtime's counter: a storm
 * assumes it has the runtime's links to itself.
 */
final class CascadeStormRun extends ScenarioRun<CascadeReportView> {

  static final String CURRENT = "/api/cascade-storms/current";

  /** How often the sampler ticks. */
  static final Duration TICK_INTERVAL = Duration.ofMillis(250);

  /** How long one tree may take to be built, or to go down after its kill, before the storm fails. */
  static final Duration TREE_WAIT = Duration.ofSeconds(60);

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double NANOS_PER_MICRO = 1e3;

  private final ProcessRuntime runtime;
  private final CascadeSettings settings;
  private final Consumer<StreamEvent> events;
  private final String processName;
  private final long baseLinkedExits;
  private final long startNanos;
  private final Thread driver;
  private final Thread sampler;
  // Completed by the driver when it has ended; what it wrote before is visible to whoever has waited.
  private final CompletableFuture<Void> driven = new CompletableFuture<>();
  // Completed by the sampler once the driver has ended.
  private final CompletableFuture<CascadeReportView> report;
  // Counted on the trees' processes' threads, read at every tick.
  private final LongAdder processes = new LongAdder();
  private final LongAdder exits = new LongAdder();
  // Written by the driver, read at every tick.
  private final AtomicLong trees = new AtomicLong();
  private final AtomicLong cascades = new AtomicLong();
  private volatile long latestNanos = -1;
  // The times of the cascades since the last tick, in nanoseconds; guarded by itself.
  private final IntervalTimes interval = new IntervalTimes();
  private volatile CascadeTickView latest;

  // Driver only; read by the sampler once the driver has ended.
  private long totalNanos;
  private long maxNanos;
  private long endNanos;

  // Sampler only.
  private long lastTickNanos;
  private long lastCascades;
  private double peakRate;

  private CascadeStormRun(long id, ProcessRuntime runtime, CascadeSettings settings, Consumer<StreamEvent> events,
      CompletableFuture<CascadeReportView> report) {
    super(id, "cascade-", report);
    this.report = report;
    this.runtime = runtime;
    this.settings = settings;
    this.events = events;
    this.processName = "cascade-storm-" + id;
    this.baseLinkedExits = runtime.linkedExits();
    this.startNanos = System.nanoTime();
    this.lastTickNanos = startNanos;
    this.latest = new CascadeTickView(id, 0, 0, 0, 0, 0, runtime.live(), 0, null, null, null);
    this.driver = Thread.ofPlatform().daemon().name("sample-cascade-driver-" + id).unstarted(this::drive);
    this.sampler = Thread.ofPlatform().daemon().name("sample-cascade-sampler-" + id).unstarted(this::sample);
  }

  /**
   * Starts a cascade storm; {@code events} receives its events on the storm's sampler thread, so it must not
   * block.
   */
  static CascadeStormRun start(long id, ProcessRuntime runtime, CascadeSettings settings,
      Consumer<StreamEvent> events) {
    CascadeStormRun run = new CascadeStormRun(id, runtime, settings, events, new CompletableFuture<>());
    run.publishEndTo(events);
    run.driver.start();
    run.sampler.start();
    return run;
  }

  @Override
  public StormConflictException conflict() {
    return new StormConflictException("cascade storm", id(), CURRENT);
  }

  /** Asks the storm to build no more trees; the one in flight still goes down. */
  void stop() {
    requestStop();
  }

  CascadeStormView view() {
    return new CascadeStormView(id(), state(System.nanoTime() - startNanos >= settings.duration().toNanos()),
        new CascadeStormView.Settings(settings.duration().toSeconds(), settings.size(), settings.fanOut(),
            settings.depth()), latest, finishedReport(), failure());
  }

  @Override
  protected CascadeTickView tickView() {
    return latest;
  }

  @Override
  protected CascadeReportView reportView(CascadeReportView report) {
    return report;
  }

  private void drive() {
    long duration = settings.duration().toNanos();
    try {
      while (!stopRequested() && System.nanoTime() - startNanos < duration) {
        cascade();
      }
      endNanos = System.nanoTime();
      driven.complete(null);
    } catch (Throwable failure) {
      driven.completeExceptionally(failure);
    }
  }

  private void cascade() throws InterruptedException {
    CascadeTree tree = CascadeTree.spawn(runtime, processName, settings.size(), settings.fanOut(), processes, exits);
    trees.incrementAndGet();
    tree.awaitBuilt(TREE_WAIT);
    long nanos = tree.killAndAwaitDown(runtime, ThreadLocalRandom.current().nextInt(settings.size()), TREE_WAIT);
    interval.add(nanos);
    totalNanos += nanos;
    maxNanos = Math.max(maxNanos, nanos);
    latestNanos = nanos;
    cascades.incrementAndGet();
  }

  private void sample() {
    long tickNanos = TICK_INTERVAL.toNanos();
    long nextTickAt = startNanos + tickNanos;
    try {
      while (!driven.isDone()) {
        try {
          driven.get(Math.max(0, nextTickAt - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException due) {
          long now = System.nanoTime();
          publish(tick(now));
          nextTickAt += ((now - nextTickAt) / tickNanos + 1) * tickNanos;
        }
      }
      driven.get();
      // A tick may have been taken after the driver's end: the last one never goes back in time.
      publish(tick(Math.max(endNanos, lastTickNanos)));
      report.complete(report());
    } catch (ExecutionException e) {
      report.completeExceptionally(e.getCause());
    } catch (Throwable failure) {
      // The report frees the storm slot: it waits for the tree in flight, so no other storm overlaps it.
      requestStop();
      driven.exceptionally(driverFailure -> null).join();
      report.completeExceptionally(failure);
    }
  }

  private CascadeTickView tick(long nowNanos) {
    long done = cascades.get();
    double rate = (done - lastCascades) * NANOS_PER_SECOND / Math.max(1, nowNanos - lastTickNanos);
    long[] times = interval.drain();
    long last = latestNanos;
    peakRate = Math.max(peakRate, rate);
    lastTickNanos = nowNanos;
    lastCascades = done;
    return new CascadeTickView(id(), TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos), trees.get(),
        processes.sum(), done, exits.sum(), runtime.live(), rate, last < 0 ? null : last / NANOS_PER_MICRO,
        times.length == 0 ? null : median(times) / NANOS_PER_MICRO,
        times.length == 0 ? null : times[times.length - 1] / NANOS_PER_MICRO);
  }

  private CascadeReportView report() {
    long elapsed = Math.max(1, endNanos - startNanos);
    long done = cascades.get();
    long spawned = processes.sum();
    long exited = exits.sum();
    long linkedExits = runtime.linkedExits() - baseLinkedExits;
    boolean balanced = exited == spawned && done == trees.get() && linkedExits == spawned - done;
    return new CascadeReportView(id(), settings.size(), settings.fanOut(), settings.depth(),
        TimeUnit.NANOSECONDS.toMillis(elapsed), trees.get(), spawned, done, exited, linkedExits,
        done * NANOS_PER_SECOND / elapsed, peakRate, done == 0 ? null : totalNanos / (double) done / NANOS_PER_MICRO,
        done == 0 ? null : maxNanos / NANOS_PER_MICRO, balanced);
  }

  private void publish(CascadeTickView tick) {
    latest = tick;
    events.accept(new StreamEvent("cascade-tick", tick));
  }

  /** The median of sorted {@code times}: the middle one, or the mean of the two middle ones. */
  private static double median(long[] times) {
    int middle = times.length / 2;
    return times.length % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2.0;
  }

  /** The cascade times of one tick interval: added by the driver, drained by the sampler. */
  private static final class IntervalTimes {
    private long[] times = new long[64];
    private int count;

    synchronized void add(long nanos) {
      if (count == times.length) {
        times = Arrays.copyOf(times, count * 2);
      }
      times[count++] = nanos;
    }

    /** The times added since the last drain, sorted. */
    long[] drain() {
      long[] drained;
      synchronized (this) {
        drained = Arrays.copyOf(times, count);
        count = 0;
      }
      Arrays.sort(drained);
      return drained;
    }
  }
}
