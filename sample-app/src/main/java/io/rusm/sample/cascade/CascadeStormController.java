package io.rusm.sample.cascade;

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
 * Cascade storms over REST, in the style of {@code /api/storms}; their events come on {@code
 * /api/storms/stream}.
 *
 * <ul>
 *   <li>{@code POST /api/cascade-storms} with a {@link CascadeStormRequest} (or no body): 201; 400 for bad
 *       input, naming the field and the limit; 409 while any storm, spawn, message or cascade, runs.
 *   <li>{@code GET /api/cascade-storms/current}: the running or last one; 404 if none was started.
 *   <li>{@code DELETE /api/cascade-storms/current} or {@code POST /api/cascade-storms/current/stop}: asks it
 *       to stop; 202 while its last tree goes down, 200 once it has ended.
 * </ul>
 */
@RestController
@RequestMapping("/api/cascade-storms")
public class CascadeStormController {

  private static final URI CURRENT = URI.create(CascadeStormRun.CURRENT);

  private final CascadeStormService storms;

  /** @param storms runs the cascade storms */
  public CascadeStormController(CascadeStormService storms) {
    this.storms = storms;
  }

  /** Starts a cascade storm. */
  @PostMapping
  public ResponseEntity<CascadeStormView> start(@RequestBody(required = false) CascadeStormRequest request) {
    return ResponseEntity.created(CURRENT)
        .body(storms.start(request == null ? CascadeStormRequest.defaults() : request));
  }

  /** The running cascade storm, or the last one. */
  @GetMapping("/current")
  public CascadeStormView current() {
    return storms.current().orElseThrow(CascadeStormController::none);
  }

  /** Asks the running cascade storm to stop. */
  @DeleteMapping("/current")
  public ResponseEntity<CascadeStormView> stop() {
    CascadeStormView storm = storms.stop().orElseThrow(CascadeStormController::none);
    boolean ended = storm.report() != null || storm.failure() != null;
    return ended ? ResponseEntity.ok(storm) : ResponseEntity.accepted().body(storm);
  }

  /** Asks the running cascade storm to stop, for clients that cannot send DELETE. */
  @PostMapping("/current/stop")
  public ResponseEntity<CascadeStormView> stopByPost() {
    return stop();
  }

  private static ErrorResponseException none() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no cascade storm has been started; POST /api/cascade-storms starts one");
    problem.setTitle("No cascade storm");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }
}
