package io.rusm.sample.web;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Answers every API error with a Problem Details body ({@code application/problem+json}). Spring MVC's
 * own exceptions and the application's {@link org.springframework.web.ErrorResponseException}s get theirs
 * from the base class; this makes unreadable JSON and mistyped parameters name the field and the rule.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    InvalidInputException invalid = invalid(ex);
    return handleExceptionInternal(invalid, invalid.getBody(), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    String field = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
    String type = ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName();
    InvalidInputException invalid =
        new InvalidInputException(field, "must be " + article(type) + ", was '" + ex.getValue() + "'");
    return handleExceptionInternal(invalid, invalid.getBody(), headers, status, request);
  }

  private static InvalidInputException invalid(HttpMessageNotReadableException ex) {
    JacksonException json = jacksonCause(ex);
    if (json instanceof UnrecognizedPropertyException unknown) {
      String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
          .map(String::valueOf).sorted().collect(Collectors.joining(", ", "; known fields: ", ""));
      return new InvalidInputException(unknown.getPropertyName(), "is not a known field" + known);
    }
    if (json instanceof MismatchedInputException mismatch) {
      if (mismatch.getPath().isEmpty()) {
        return new InvalidInputException(null, "the body must be a JSON object" + location(json));
      }
      String type = mismatch.getTargetType() == null ? "value" : mismatch.getTargetType().getSimpleName();
      return new InvalidInputException(path(mismatch.getPath()), "must be " + article(type));
    }
    if (json instanceof InputCoercionException coercion) {
      // Valid JSON, but a number too large for its field's type: name the field, as for any other value.
      String type = coercion.getTargetType() == null ? "value" : coercion.getTargetType().getSimpleName();
      return new InvalidInputException(fieldOf(coercion), "must be " + article(type) + " in range: "
          + coercion.getOriginalMessage());
    }
    if (json instanceof StreamReadException) {
      return new InvalidInputException(null, "the body is not valid JSON: " + json.getOriginalMessage()
          + location(json));
    }
    return new InvalidInputException(null, "the body cannot be read: " + ex.getMostSpecificCause().getMessage());
  }

  // The field being read: from the path databind added, or else from the parser's own position.
  private static String fieldOf(InputCoercionException coercion) {
    if (!coercion.getPath().isEmpty()) {
      return path(coercion.getPath());
    }
    JsonParser parser = coercion.processor();
    return parser == null ? null : parser.streamReadContext().currentName();
  }

  private static JacksonException jacksonCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JacksonException json) {
        return json;
      }
    }
    return null;
  }

  private static String path(List<JacksonException.Reference> path) {
    return path.stream()
        .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String location(JacksonException json) {
    return json.getLocation() == null ? ""
        : " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
  }

  private static String article(String type) {
    return switch (type) {
      case "Integer", "int", "Long", "long" -> "a whole number";
      case "Double", "double" -> "a number";
      case "Boolean", "boolean" -> "true or false";
      case "String" -> "a string";
      default -> "a valid " + type;
    };
  }
}
