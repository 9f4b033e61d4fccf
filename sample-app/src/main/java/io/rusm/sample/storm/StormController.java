package io.rusm.sample.storm;

import io.rusm.sample.cascade.CascadeStormService;
import io.rusm.sample.messages.MessageStormService;
import io.rusm.sample.stream.EventBroadcaster;
import io.rusm.sample.stream.StreamEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Storms over REST: start one, read it, stop it, and follow its ticks as server-sent events.
 *
 * <ul>
 *   <li>{@code POST /api/storms} with a {@link StormRequest} (or no body, for the defaults): 201 and the
 *       {@link StormView}; 400 for bad input; 409 while a storm runs.
 *   <li>{@code GET /api/storms/current}: the running or last storm; 404 if none was started.
 *   <li>{@code DELETE /api/storms/current} or {@code POST /api/storms/current/stop}: asks it to stop;
 *       202 while it drains, 200 once it has ended.
 *   <li>{@code GET /api/storms/stream}: {@code tick} events, then {@code report} (or {@code failed});
 *       a new client gets the latest tick, and the last report, at once. Message storms' events
 *       ({@code message-tick}, {@code message-report}, {@code message-failed}) and cascade storms' ({@code
 *       cascade-tick}, {@code cascade-report}, {@code cascade-failed}) come on the same stream.
 * </ul>
 */
@RestController
@RequestMapping("/api/storms")
public class StormController {

  private static final URI CURRENT = URI.create("/api/storms/current");

  private final StormService storms;
  private final MessageStormService messageStorms;
  private final CascadeStormService cascadeStorms;
  private final EventBroadcaster broadcaster;

  /**
   * @param storms runs the spawn storms
   * @param messageStorms runs the message storms, whose events share the stream
   * @param cascadeStorms runs the cascade storms, whose events share the stream
   * @param broadcaster streams their events
   */
  public StormController(StormService storms, MessageStormService messageStorms, CascadeStormService cascadeStorms,
      EventBroadcaster broadcaster) {
    this.storms = storms;
    this.messageStorms = messageStorms;
    this.cascadeStorms = cascadeStorms;
    this.broadcaster = broadcaster;
  }

  /** Starts a storm. */
  @PostMapping
  public ResponseEntity<StormView> start(@RequestBody(required = false) StormRequest request) {
    StormView storm = storms.start(request == null ? StormRequest.defaults() : request);
    return ResponseEntity.created(CURRENT).body(storm);
  }

  /** The running storm, or the last one. */
  @GetMapping("/current")
  public StormView current() {
    return storms.current().orElseThrow(NoStormException::new);
  }

  /** Asks the running storm to stop. */
  @DeleteMapping("/current")
  public ResponseEntity<StormView> stop() {
    StormView storm = storms.stop().orElseThrow(NoStormException::new);
    boolean ended = storm.report() != null || storm.failure() != null;
    return ended ? ResponseEntity.ok(storm) : ResponseEntity.accepted().body(storm);
  }

  /** Asks the running storm to stop, for clients that cannot send DELETE. */
  @PostMapping("/current/stop")
  public ResponseEntity<StormView> stopByPost() {
    return stop();
  }

  /** The event stream. */
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter stream() {
    return broadcaster.subscribe(() -> {
      List<StreamEvent> events = new ArrayList<>(storms.replay());
      events.addAll(messageStorms.replay());
      events.addAll(cascadeStorms.replay());
      return events;
    });
  }
}
