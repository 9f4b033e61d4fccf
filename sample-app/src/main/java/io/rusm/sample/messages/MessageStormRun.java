package io.rusm.sample.messages;

import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormConflictException;
import io.rusm.sample.storm.ScenarioRun;
import io.rusm.sample.stream.StreamEvent;
import io.rusm.storm.MessageReport;
import io.rusm.storm.MessageStorm;
import io.rusm.storm.MessageStormSettings;
import java.util.function.Consumer;

/**
 * One message storm started from the web, and the events it publishes: a {@code message-tick} at every
 * tick, then {@code message-report} (or {@code message-failed}) once its processes have exited.
 */
final class MessageStormRun extends ScenarioRun<MessageReport> {

  static final String CURRENT = "/api/message-storms/current";

  private final MessageStorm storm;
  private final String workload;

  private MessageStormRun(long id, MessageStorm storm) {
    super(id, "message-", storm.onReport());
    this.storm = storm;
    this.workload = storm.settings().workload().tag();
  }

  /** Starts a message storm; {@code events} receives its events on the storm's sampler thread. */
  static MessageStormRun start(long id, ProcessRuntime runtime, MessageStormSettings settings,
      Consumer<StreamEvent> events) {
    String workload = settings.workload().tag();
    MessageStorm storm = MessageStorm.start(runtime, settings,
        tick -> events.accept(new StreamEvent("message-tick", MessageTickView.of(id, workload, tick))));
    MessageStormRun run = new MessageStormRun(id, storm);
    run.publishEndTo(events);
    return run;
  }

  @Override
  public StormConflictException conflict() {
    return new StormConflictException("message storm", id(), CURRENT);
  }

  void stop() {
    requestStop();
    storm.stop();
  }

  MessageStormView view() {
    MessageStormSettings s = storm.settings();
    MessageReport report = finishedReport();
    return new MessageStormView(id(), state(storm.latestTick().elapsed().compareTo(s.duration()) >= 0),
        new MessageStormView.Settings(workload, s.duration().toSeconds(), s.size(), s.window(),
            s.processes()), tickView(), report == null ? null : reportView(report), failure());
  }

  @Override
  protected MessageTickView tickView() {
    return MessageTickView.of(id(), workload, storm.latestTick());
  }

  @Override
  protected MessageReportView reportView(MessageReport report) {
    return MessageReportView.of(id(), report);
  }
}
