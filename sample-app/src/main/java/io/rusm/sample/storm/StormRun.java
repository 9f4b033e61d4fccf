package io.rusm.sample.storm;

import io.rusm.ProcessRuntime;
import io.rusm.sample.stream.StreamEvent;
import io.rusm.storm.SpawnStorm;
import io.rusm.storm.StormReport;
import io.rusm.storm.StormSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One storm started from the web, and the events it publishes: a {@code tick} at every tick, then a
 * {@code report} (or {@code failed}) once every process it spawned has exited.
 */
final class StormRun implements StormSlot.Occupant {

  private final long id;
  private final SpawnStorm storm;
  // Completed once, on the storm's sampler thread; read from request threads.
  private final CompletableFuture<StormReport> report;
  // Set by any request thread that stops the storm; read to tell "stopping" from "running".
  private volatile boolean stopRequested;

  private StormRun(long id, SpawnStorm storm) {
    this.id = id;
    this.storm = storm;
    this.report = storm.onReport();
  }

  /**
   * Starts a storm; {@code events} receives its events on the storm's sampler thread, so it must not
   * block.
   */
  static StormRun start(long id, ProcessRuntime runtime, StormSettings settings, Consumer<StreamEvent> events) {
    SpawnStorm storm = SpawnStorm.start(runtime, settings,
        tick -> events.accept(new StreamEvent("tick", TickView.of(id, tick))));
    StormRun run = new StormRun(id, storm);
    run.report.whenComplete((report, failure) -> events.accept(run.endEvent()));
    return run;
  }

  long id() {
    return id;
  }

  @Override
  public boolean isRunning() {
    return !report.isDone();
  }

  @Override
  public StormConflictException conflict() {
    return new StormConflictException(id);
  }

  void stop() {
    stopRequested = true;
    storm.stop();
  }

  /** The events a new subscriber gets at once: the latest tick, and how the storm ended if it has. */
  List<StreamEvent> replay() {
    List<StreamEvent> events = new ArrayList<>(2);
    events.add(new StreamEvent("tick", TickView.of(id, storm.latestTick())));
    if (report.isDone()) {
      events.add(endEvent());
    }
    return events;
  }

  StormView view() {
    StormSettings settings = storm.settings();
    TickView tick = TickView.of(id, storm.latestTick());
    String state;
    ReportView reportView = null;
    String failure = null;
    if (report.isDone()) {
      if (report.isCompletedExceptionally()) {
        state = "failed";
        failure = failure();
      } else {
        state = "finished";
        reportView = ReportView.of(id, report.join());
      }
    } else if (stopRequested || storm.latestTick().elapsed().compareTo(settings.duration()) >= 0) {
      state = "stopping";
    } else {
      state = "running";
    }
    return new StormView(id, state, SettingsView.of(settings), storm.spawners(), tick, reportView, failure);
  }

  private StreamEvent endEvent() {
    return report.isCompletedExceptionally()
        ? new StreamEvent("failed", new StormFailureView(id, failure()))
        : new StreamEvent("report", ReportView.of(id, report.join()));
  }

  private String failure() {
    return report.exceptionNow().toString();
  }
}
