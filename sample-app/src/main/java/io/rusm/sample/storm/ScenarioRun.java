package io.rusm.sample.storm;

import io.rusm.sample.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What every storm started from the web shares (spawn, message and cascade): its id, its report, which
 * completes once, a stop request, and its events, named with one prefix: {@code <prefix>tick} at every
 * tick, then {@code <prefix>report}, or {@code <prefix>failed} with a {@link StormFailureView}.
 *
 * @param <R> the report
 */
public abstract class ScenarioRun<R> implements StormSlot.Occupant {

  private final long id;
  private final String eventPrefix;
  // Completed once, on the storm's own thread; read from request threads.
  private final CompletableFuture<R> report;
  // Set by any request thread that stops the storm; read to tell "stopping" from "running".
  private volatile boolean stopRequested;

  protected ScenarioRun(long id, String eventPrefix, CompletableFuture<R> report) {
    this.id = id;
    this.eventPrefix = eventPrefix;
    this.report = report;
  }

  /** The tick event's data, for the latest tick. */
  protected abstract Object tickView();

  /** The report event's data. */
  protected abstract Object reportView(R report);

  public final long id() {
    return id;
  }

  @Override
  public final boolean isRunning() {
    return !report.isDone();
  }

  /** Sends {@code events} the end event once the report is out. Called once, by the start. */
  protected final void publishEndTo(Consumer<StreamEvent> events) {
    report.whenComplete((r, failure) -> events.accept(endEvent()));
  }

  protected final void requestStop() {
    stopRequested = true;
  }

  protected final boolean stopRequested() {
    return stopRequested;
  }

  /** The events a new subscriber gets at once: the latest tick, and how the storm ended if it has. */
  public final List<StreamEvent> replay() {
    List<StreamEvent> events = new ArrayList<>(2);
    events.add(new StreamEvent(eventPrefix + "tick", tickView()));
    if (report.isDone()) {
      events.add(endEvent());
    }
    return events;
  }

  /**
   * The state a view shows: failed or finished once the report is out, else stopping once stopped or
   * {@code pastDuration}, else running.
   */
  protected final String state(boolean pastDuration) {
    if (report.isDone()) {
      return report.isCompletedExceptionally() ? "failed" : "finished";
    }
    return stopRequested || pastDuration ? "stopping" : "running";
  }

  /** The report, if the storm finished with one; else null. */
  protected final R finishedReport() {
    return report.isDone() && !report.isCompletedExceptionally() ? report.join() : null;
  }

  /** Why the storm failed, if it did; else null. */
  protected final String failure() {
    return report.isCompletedExceptionally() ? report.exceptionNow().toString() : null;
  }

  private StreamEvent endEvent() {
    return report.isCompletedExceptionally()
        ? new StreamEvent(eventPrefix + "failed", new StormFailureView(id, failure()))
        : new StreamEvent(eventPrefix + "report", reportView(report.join()));
  }
}
