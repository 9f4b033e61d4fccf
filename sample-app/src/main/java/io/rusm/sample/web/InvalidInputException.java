package io.rusm.sample.web;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request whose input is malformed or out of range: 400, listing each violation. */
public class InvalidInputException extends ErrorResponseException {

  private final List<Violation> violations;

  /**
   * @param violations what is wrong; at least one
   */
  public InvalidInputException(List<Violation> violations) {
    super(HttpStatus.BAD_REQUEST, problem(violations), null);
    this.violations = List.copyOf(violations);
  }

  /** A request with one thing wrong. */
  public InvalidInputException(String field, String rule) {
    this(List.of(new Violation(field, rule)));
  }

  /** What is wrong with the request. */
  public List<Violation> violations() {
    return violations;
  }

  private static ProblemDetail problem(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one violation");
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    problem.setTitle("Invalid input");
    problem.setProperty("errors", List.copyOf(violations));
    return problem;
  }
}
