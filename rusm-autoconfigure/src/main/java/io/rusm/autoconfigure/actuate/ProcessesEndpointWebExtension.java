package io.rusm.autoconfigure.actuate;

import io.rusm.Pid;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@link ProcessesEndpoint} over HTTP, with statuses that say what went wrong and why: {@code 400}
 * with the reason when a pid, limit or sort is malformed, {@code 404} when no process with the pid is live.
 * Error bodies are <code>{"error": "..."}</code>.
 */
@EndpointWebExtension(endpoint = ProcessesEndpoint.class)
public class ProcessesEndpointWebExtension {

  private final ProcessesEndpoint delegate;

  /** @param delegate the endpoint this serves over HTTP */
  public ProcessesEndpointWebExtension(ProcessesEndpoint delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * {@link ProcessesEndpoint#processes(Integer, String)}; {@code 400} naming the parameter for a limit that is
   * not a whole number or is negative, or an unknown sort. The limit is taken as text here so that a bad one
   * is answered with its name, not with the actuator's empty 400.
   */
  @ReadOperation
  public WebEndpointResponse<OperationResponseBody> processes(@Nullable String limit, @Nullable String sort) {
    try {
      return new WebEndpointResponse<>(delegate.processes(parseLimit(limit), sort));
    } catch (InvalidEndpointRequestException e) {
      return badRequest(e);
    }
  }

  /** {@link ProcessesEndpoint#process(String)}; {@code 404} when not live, {@code 400} when not a pid. */
  @ReadOperation
  public WebEndpointResponse<OperationResponseBody> process(@Selector String pid) {
    return byPid(() -> delegate.process(pid), pid);
  }

  /** {@link ProcessesEndpoint#kill(String)}; {@code 404} when not live, {@code 400} when not a pid. */
  @DeleteOperation
  public WebEndpointResponse<OperationResponseBody> kill(@Selector String pid) {
    return byPid(() -> delegate.kill(pid), pid);
  }

  private static final Pattern WHOLE = Pattern.compile("([+-]?)0*([0-9]*)(?<=[0-9])");

  private static @Nullable Integer parseLimit(@Nullable String limit) {
    if (limit == null) {
      return null;
    }
    String text = limit.strip();
    Matcher whole = WHOLE.matcher(text);
    if (whole.matches()) {
      // A limit beyond any int is capped like any other limit above the cap.
      String digits = whole.group(2);
      if (whole.group(1).equals("-") && !digits.isEmpty()) {
        String message = "limit must be zero or positive, was " + text;
        throw new InvalidEndpointRequestException(message, message);
      }
      return digits.isEmpty() ? 0
          : digits.length() > 10 ? Integer.MAX_VALUE : (int) Math.min(Long.parseLong(digits), Integer.MAX_VALUE);
    }
    String message = "limit must be a whole number from 0, was '" + limit + "'";
    throw new InvalidEndpointRequestException(message, message);
  }

  private static WebEndpointResponse<OperationResponseBody> byPid(
      Supplier<? extends @Nullable OperationResponseBody> operation, String pid) {
    OperationResponseBody body;
    try {
      body = operation.get();
    } catch (InvalidEndpointRequestException e) {
      return badRequest(e);
    }
    if (body == null) {
      return new WebEndpointResponse<>(new ErrorDescriptor("no live process " + Pid.parse(pid)),
          WebEndpointResponse.STATUS_NOT_FOUND);
    }
    return new WebEndpointResponse<>(body);
  }

  private static WebEndpointResponse<OperationResponseBody> badRequest(InvalidEndpointRequestException e) {
    return new WebEndpointResponse<>(new ErrorDescriptor(e.getReason()), WebEndpointResponse.STATUS_BAD_REQUEST);
  }

  /**
   * Why a request failed.
   *
   * @param error what was wrong, naming the offending value
   */
  public record ErrorDescriptor(String error) implements OperationResponseBody {
  }
}
