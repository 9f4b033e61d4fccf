package io.rusm;

/**
 * The process a call or ask was waiting on ended before it replied (as {@code gen_server:call} exits
 * with the callee's reason): thrown by {@link ProcessContext#call}, and the failure of {@link
 * ProcessRuntime#ask}'s future, at once rather than after the timeout.
 */
public final class ProcessExitedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Pid pid;
  private final transient Exit reason;

  ProcessExitedException(Pid pid, Exit reason) {
    super("process " + pid + " exited before replying: " + reason,
        reason instanceof Exit.Failed f ? f.cause() : null);
    this.pid = pid;
    this.reason = reason;
  }

  /** The process that ended. */
  public Pid pid() {
    return pid;
  }

  /** How it ended. */
  public Exit reason() {
    return reason;
  }
}
