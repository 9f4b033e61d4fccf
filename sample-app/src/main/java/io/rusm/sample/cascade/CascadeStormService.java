package io.rusm.sample.cascade;

import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormSlot;
import io.rusm.sample.stream.EventBroadcaster;
import io.rusm.sample.stream.StreamEvent;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Runs one cascade storm at a time (and none while a spawn or message storm runs) on the application's
 * {@link ProcessRuntime}, publishing its events on the same stream as the other storms'.
 */
@Service
public class CascadeStormService {

  private final ProcessRuntime runtime;
  private final CascadeStormLimits limits;
  private final EventBroadcaster broadcaster;
  private final StormSlot slot;
  // Written only inside start(), synchronized; volatile so that reading the current storm takes no lock.
  private volatile CascadeStormRun current;
  // Guarded by this.
  private long lastId;

  /**
   * @param runtime the runtime the trees are spawned on
   * @param limits what a request may ask for
   * @param broadcaster where events go
   * @param slot the one storm of any kind that may run at a time
   */
  public CascadeStormService(ProcessRuntime runtime, CascadeStormLimits limits, EventBroadcaster broadcaster,
      StormSlot slot) {
    this.runtime = runtime;
    this.limits = limits;
    this.broadcaster = broadcaster;
    this.slot = slot;
  }

  /**
   * Starts a cascade storm.
   *
   * @throws io.rusm.sample.web.InvalidInputException if the request is out of range
   * @throws io.rusm.sample.storm.StormConflictException if a storm of any kind is running
   */
  public synchronized CascadeStormView start(CascadeStormRequest request) {
    CascadeSettings settings = request.toSettings(limits);
    CascadeStormRun run = slot.start(() -> CascadeStormRun.start(lastId + 1, runtime, settings, broadcaster::publish));
    lastId++;
    current = run;
    return run.view();
  }

  /** The running cascade storm, or the last one. */
  public Optional<CascadeStormView> current() {
    return Optional.ofNullable(current).map(CascadeStormRun::view);
  }

  /**
   * Asks the running cascade storm to build no more trees; it ends once the tree in flight is down. Does
   * nothing to one that has ended.
   *
   * @return the storm, or empty if none was ever started
   */
  public Optional<CascadeStormView> stop() {
    CascadeStormRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    run.stop();
    return Optional.of(run.view());
  }

  /** What a new subscriber to the event stream gets at once. */
  public List<StreamEvent> replay() {
    CascadeStormRun run = current;
    return run == null ? List.of() : run.replay();
  }

  @PreDestroy
  void stopOnShutdown() {
    CascadeStormRun run = current;
    if (run != null) {
      run.stop();
    }
  }
}
