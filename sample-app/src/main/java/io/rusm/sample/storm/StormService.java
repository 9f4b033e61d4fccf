package io.rusm.sample.storm;

import io.rusm.ProcessRuntime;
import io.rusm.sample.stream.EventBroadcaster;
import io.rusm.sample.stream.StreamEvent;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Runs one storm at a time on the application's {@link ProcessRuntime} and publishes its events to the
 * {@link EventBroadcaster}. The application's last storm stays readable after it ends.
 */
@Service
public class StormService {

  private final ProcessRuntime runtime;
  private final StormLimits limits;
  private final EventBroadcaster broadcaster;
  private final StormSlot slot;

  // Written only inside start(), synchronized; the slot makes the check-then-act atomic across kinds of
  // storm. Volatile so that reading the current storm takes no lock.
  private volatile StormRun current;
  // Guarded by this (start only).
  private long lastId;

  /**
   * @param runtime the runtime storms spawn on: the one the starter auto-configures
   * @param limits what a storm may ask for
   * @param broadcaster where storm events go
   * @param slot the one storm of any kind that may run at a time
   */
  public StormService(ProcessRuntime runtime, StormLimits limits, EventBroadcaster broadcaster, StormSlot slot) {
    this.runtime = runtime;
    this.limits = limits;
    this.broadcaster = broadcaster;
    this.slot = slot;
  }

  /**
   * Starts a storm.
   *
   * @throws io.rusm.sample.web.InvalidInputException if the request is out of range
   * @throws StormConflictException if a storm, spawn or message, is running
   */
  public synchronized StormView start(StormRequest request) {
    var settings = request.toSettings(limits);
    StormRun run = slot.start(() -> StormRun.start(lastId + 1, runtime, settings, broadcaster::publish));
    lastId++;
    current = run;
    return run.view();
  }

  /** The running storm, or the last one; empty if none was ever started. */
  public Optional<StormView> current() {
    return Optional.ofNullable(current).map(StormRun::view);
  }

  /**
   * Asks the running storm to stop; it ends once its processes have exited. Does nothing to a storm
   * that has ended.
   *
   * @return the storm, or empty if none was ever started
   */
  public Optional<StormView> stop() {
    StormRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    run.stop();
    return Optional.of(run.view());
  }

  /** What a new subscriber to the event stream gets at once. */
  public List<StreamEvent> replay() {
    StormRun run = current;
    return run == null ? List.of() : run.replay();
  }

  @PreDestroy
  void stopOnShutdown() {
    StormRun run = current;
    if (run != null) {
      run.stop();
    }
  }
}
