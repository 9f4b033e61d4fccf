package io.rusm.sample.observer;

import io.rusm.Pid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No live process has this pid: it has exited, or never existed. 404. */
public class NoSuchProcessException extends ErrorResponseException {

  /**
   * @param pid the pid asked for
   */
  public NoSuchProcessException(Pid pid) {
    super(HttpStatus.NOT_FOUND, problem(pid), null);
  }

  private static ProblemDetail problem(Pid pid) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
        "no live process " + pid + ": it has exited, or never existed");
    problem.setTitle("No such process");
    problem.setProperty("pid", pid.toString());
    return problem;
  }
}
