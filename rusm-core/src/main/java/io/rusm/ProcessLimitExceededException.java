package io.rusm;

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown by {@code spawn} when the runtime already holds its maximum number of live processes (Erlang's
 * {@code system_limit}). Nothing is left behind: the rejected process never existed.
 */
public class ProcessLimitExceededException extends RejectedExecutionException {

  private final int limit;

  /** @param limit the maximum number of live processes that was reached */
  public ProcessLimitExceededException(int limit) {
    super("process limit reached: " + limit + " processes are live; raise it with"
        + " ProcessRuntime.builder().maxProcesses(n) (property rusm.max-processes in Spring Boot)");
    this.limit = limit;
  }

  /** The maximum number of live processes that was reached. */
  public int limit() {
    return limit;
  }
}
