package io.rusm.sample.storm;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A storm was asked to start while another one runs: 409. */
public class StormConflictException extends ErrorResponseException {

  /**
   * @param runningId the storm that is running
   */
  public StormConflictException(long runningId) {
    this("storm", runningId, "/api/storms/current");
  }

  /**
   * @param kind what runs: {@code storm}, {@code message storm} or {@code cascade storm}
   * @param runningId its number
   * @param current the resource that stops it
   */
  public StormConflictException(String kind, long runningId, String current) {
    super(HttpStatus.CONFLICT, problem(kind, runningId, current), null);
  }

  private static ProblemDetail problem(String kind, long runningId, String current) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        kind + " " + runningId + " is running; stop it (DELETE " + current + ") or wait for its report");
    problem.setTitle("A storm is already running");
    problem.setProperty("runningStormId", runningId);
    problem.setProperty("runningKind", kind);
    return problem;
  }
}
