package io.rusm.sample.storm;

import io.rusm.ProcessRuntime;
import io.rusm.sample.stream.StreamEvent;
import io.rusm.storm.SpawnStorm;
import io.rusm.storm.StormReport;
import io.rusm.storm.StormSettings;
import java.util.function.Consumer;

/**
 * One storm started from the web, and the events it publishes: a {@code tick} at every tick, then a
 * {@code report} (or {@code failed}) once every process it spawned has exited.
 */
final class StormRun extends ScenarioRun<StormReport> {

  private final SpawnStorm storm;

  private StormRun(long id, SpawnStorm storm) {
    super(id, "", storm.onReport());
    this.storm = storm;
  }

  /**
   * Starts a storm; {@code events} receives its events on the storm's sampler thread, so it must not
   * block.
   */
  static StormRun start(long id, ProcessRuntime runtime, StormSettings settings, Consumer<StreamEvent> events) {
    SpawnStorm storm = SpawnStorm.start(runtime, settings,
        tick -> events.accept(new StreamEvent("tick", TickView.of(id, tick))));
    StormRun run = new StormRun(id, storm);
    run.publishEndTo(events);
    return run;
  }

  @Override
  public StormConflictException conflict() {
    return new StormConflictException(id());
  }

  void stop() {
    requestStop();
    storm.stop();
  }

  StormView view() {
    StormSettings settings = storm.settings();
    StormReport report = finishedReport();
    return new StormView(id(), state(storm.latestTick().elapsed().compareTo(settings.duration()) >= 0),
        SettingsView.of(settings), storm.spawners(), tickView(),
        report == null ? null : ReportView.of(id(), report), failure());
  }

  @Override
  protected TickView tickView() {
    return TickView.of(id(), storm.latestTick());
  }

  @Override
  protected ReportView reportView(StormReport report) {
    return ReportView.of(id(), report);
  }
}
