package io.rusm.autoconfigure.actuate;

import io.rusm.Pid;
import java.util.Objects;
import java.util.function.Supplier;
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
 * with the reason when a pid or limit is malformed, {@code 404} when no process with the pid is live.
 * Error bodies are <code>{"error": "..."}</code>.
 */
@EndpointWebExtension(endpoint = ProcessesEndpoint.class)
public class ProcessesEndpointWebExtension {

  private final ProcessesEndpoint delegate;

  /** @param delegate the endpoint this serves over HTTP */
  public ProcessesEndpointWebExtension(ProcessesEndpoint delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** {@link ProcessesEndpoint#processes(Integer)}; {@code 400} for a negative limit. */
  @ReadOperation
  public WebEndpointResponse<OperationResponseBody> processes(@Nullable Integer limit) {
    try {
      return new WebEndpointResponse<>(delegate.processes(limit));
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
