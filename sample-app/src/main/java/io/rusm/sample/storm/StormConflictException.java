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
    super(HttpStatus.CONFLICT, problem(runningId), null);
  }

  private static ProblemDetail problem(long runningId) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
        "storm " + runningId + " is running; stop it (DELETE /api/storms/current) or wait for its report");
    problem.setTitle("A storm is already running");
    problem.setProperty("runningStormId", runningId);
    return problem;
  }
}
