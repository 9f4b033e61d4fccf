package io.rusm.sample.messages;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Message storms over REST, in the style of {@code /api/storms}; their events come on {@code
 * /api/storms/stream}.
 *
 * <ul>
 *   <li>{@code POST /api/message-storms} with a {@link MessageStormRequest} (or no body): 201; 400 for bad
 *       input, naming the field and the limit; 409 while any storm, spawn or message, runs.
 *   <li>{@code GET /api/message-storms/current}: the running or last one; 404 if none was started.
 *   <li>{@code DELETE /api/message-storms/current} or {@code POST /api/message-storms/current/stop}: asks
 *       it to stop; 202 while its processes exit, 200 once it has ended.
 * </ul>
 */
@RestController
@RequestMapping("/api/message-storms")
public class MessageStormController {

  private static final URI CURRENT = URI.create(MessageStormRun.CURRENT);

  private final MessageStormService storms;

  /** @param storms runs the message storms */
  public MessageStormController(MessageStormService storms) {
    this.storms = storms;
  }

  /** Starts a message storm. */
  @PostMapping
  public ResponseEntity<MessageStormView> start(@RequestBody(required = false) MessageStormRequest request) {
    return ResponseEntity.created(CURRENT)
        .body(storms.start(request == null ? MessageStormRequest.defaults() : request));
  }

  /** The running message storm, or the last one. */
  @GetMapping("/current")
  public MessageStormView current() {
    return storms.current().orElseThrow(MessageStormController::none);
  }

  /** Asks the running message storm to stop. */
  @DeleteMapping("/current")
  public ResponseEntity<MessageStormView> stop() {
    MessageStormView storm = storms.stop().orElseThrow(MessageStormController::none);
    boolean ended = storm.report() != null || storm.failure() != null;
    return ended ? ResponseEntity.ok(storm) : ResponseEntity.accepted().body(storm);
  }

  /** Asks the running message storm to stop, for clients that cannot send DELETE. */
  @PostMapping("/current/stop")
  public ResponseEntity<MessageStormView> stopByPost() {
    return stop();
  }

  private static ErrorResponseException none() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no message storm has been started; POST /api/message-storms starts one");
    problem.setTitle("No message storm");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
