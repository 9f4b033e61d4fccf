package io.rusm;

/**
 * A request was sent to a process that had exited or never existed (Erlang's {@code noproc}): thrown by
 * {@link ProcessContext#call} and the failure of {@link ProcessRuntime#ask}'s future, at once rather
 * than after the timeout.
 */
public final class NoSuchProcessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Pid pid;

  NoSuchProcessException(Pid pid) {
    super("no process " + pid + " to call (noproc): it has exited or never existed");
    this.pid = pid;
  }

  /** The pid that named no live process. */
  public Pid pid() {
    return pid;
  }
}
