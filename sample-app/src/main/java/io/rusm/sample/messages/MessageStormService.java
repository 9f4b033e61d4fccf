package io.rusm.sample.messages;

import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormSlot;
import io.rusm.sample.stream.EventBroadcaster;
import io.rusm.sample.stream.StreamEvent;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Runs one message storm at a time (and none while a spawn storm runs) on the application's {@link
 * ProcessRuntime}, publishing its events on the same stream as spawn storms'.
 */
@Service
public class MessageStormService {

  private final ProcessRuntime runtime;
  private final MessageStormLimits limits;
  private final EventBroadcaster broadcaster;
  private final StormSlot slot;
  private volatile MessageStormRun current;
  // Guarded by this.
  private long lastId;

  /**
   * @param runtime the runtime storms run on
   * @param limits what a request may ask for
   * @param broadcaster where events go
   * @param slot the one storm of any kind that may run at a time
   */
  public MessageStormService(ProcessRuntime runtime, MessageStormLimits limits, EventBroadcaster broadcaster,
      StormSlot slot) {
    this.runtime = runtime;
    this.limits = limits;
    this.broadcaster = broadcaster;
    this.slot = slot;
  }

  /**
   * Starts a message storm.
   *
   * @throws io.rusm.sample.web.InvalidInputException if the request is out of range
   * @throws io.rusm.sample.storm.StormConflictException if a storm of any kind is running
   */
  public synchronized MessageStormView start(MessageStormRequest request) {
    var settings = request.toSettings(limits);
    MessageStormRun run = slot.start(() -> MessageStormRun.start(lastId + 1, runtime, settings, broadcaster::publish));
    lastId++;
    current = run;
    return run.view();
  }

  /** The running message storm, or the last one. */
  public Optional<MessageStormView> current() {
    return Optional.ofNullable(current).map(MessageStormRun::view);
  }

  /** Asks the running message storm to stop; empty if none was ever started. */
  public Optional<MessageStormView> stop() {
    MessageStormRun run = current;
    if (run == null) {
      return Optional.empty();
    }
    run.stop();
    return Optional.of(run.view());
  }

  /** What a new subscriber to the event stream gets at once. */
  public List<StreamEvent> replay() {
    MessageStormRun run = current;
    return run == null ? List.of() : run.replay();
  }

  @PreDestroy
  void stopOnShutdown() {
    MessageStormRun run = current;
    if (run != null) {
      run.stop();
    }
  }
}
