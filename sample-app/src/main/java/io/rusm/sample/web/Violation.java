package io.rusm.sample.web;

/**
 * One thing wrong with a request, as listed in a Problem Details body's {@code errors}.
 *
 * @param field the JSON field or query parameter, or {@code null} when the request as a whole is wrong
 * @param rule what the value must be
 */
public record Violation(String field, String rule) {

  @Override
  public String toString() {
    return field == null ? rule : field + " " + rule;
  }
}
