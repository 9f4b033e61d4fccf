package io.rusm.sample.messages;

import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormConflictException;
import io.rusm.sample.storm.StormSlot;
import io.rusm.sample.stream.StreamEvent;
import io.rusm.storm.MessageReport;
import io.rusm.storm.MessageStorm;
import io.rusm.storm.MessageStormSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One message storm started from the web, and the events it publishes: a {@code message-tick} at every
 * tick, then {@code message-report} (or {@code message-failed}) once its processes have exited.
 */
final class MessageStormRun implements StormSlot.Occupant {

  static final String CURRENT = "/api/message-storms/current";

  private final long id;
  private final MessageStorm storm;
  private final String workload;
  private final CompletableFuture<MessageReport> report;
  private volatile boolean stopRequested;

  private MessageStormRun(long id, MessageStorm storm) {
    this.id = id;
    this.storm = storm;
    this.workload = storm.settings().workload().tag();
    this.report = storm.onReport();
  }

  /** Starts a message storm; {@code events} receives its events on the storm's sampler thread. */
  static MessageStormRun start(long id, ProcessRuntime runtime, MessageStormSettings settings,
      Consumer<StreamEvent> events) {
    String workload = settings.workload().tag();
    MessageStorm storm = MessageStorm.start(runtime, settings,
        tick -> events.accept(new StreamEvent("message-tick", MessageTickView.of(id, workload, tick))));
    MessageStormRun run = new MessageStormRun(id, storm);
    run.report.whenComplete((r, failure) -> events.accept(run.endEvent()));
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
    return new StormConflictException("message storm", id, CURRENT);
  }

  void stop() {
    stopRequested = true;
    storm.stop();
  }

  List<StreamEvent> replay() {
    List<StreamEvent> events = new ArrayList<>(2);
    events.add(new StreamEvent("message-tick", MessageTickView.of(id, workload, storm.latestTick())));
    if (report.isDone()) {
      events.add(endEvent());
    }
    return events;
  }

  MessageStormView view() {
    MessageStormSettings s = storm.settings();
    String state;
    MessageReportView reportView = null;
    String failure = null;
    if (report.isDone()) {
      if (report.isCompletedExceptionally()) {
        state = "failed";
        failure = report.exceptionNow().toString();
      } else {
        state = "finished";
        reportView = MessageReportView.of(id, report.join());
      }
    } else if (stopRequested || storm.latestTick().elapsed().compareTo(s.duration()) >= 0) {
      state = "stopping";
    } else {
      state = "running";
    }
    return new MessageStormView(id, state, new MessageStormView.Settings(workload, s.duration().toSeconds(),
        s.size(), s.window(), s.processes()), MessageTickView.of(id, workload, storm.latestTick()), reportView,
        failure);
  }

  private StreamEvent endEvent() {
    return report.isCompletedExceptionally()
        ? new StreamEvent("message-failed", new Failure(id, report.exceptionNow().toString()))
        : new StreamEvent("message-report", MessageReportView.of(id, report.join()));
  }

  /**
   * The data of a {@code message-failed} event.
   *
   * @param stormId the message storm that failed
   * @param failure why
   */
  record Failure(long stormId, String failure) {
  }
}
