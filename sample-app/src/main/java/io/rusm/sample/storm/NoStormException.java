package io.rusm.sample.storm;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No storm has been started since the application started: 404. */
public class NoStormException extends ErrorResponseException {

  /** The exception; its Problem Details say how to start a storm. */
  public NoStormException() {
    super(HttpStatus.NOT_FOUND, problem(), null);
  }

  private static ProblemDetail problem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no storm has been started yet; start one with POST /api/storms");
    problem.setTitle("No storm");
    return problem;
  }
}
