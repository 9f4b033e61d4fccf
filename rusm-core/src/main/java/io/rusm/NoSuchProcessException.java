package io.rusm;

/**
 * Erlang's {@code noproc}: a process that had exited or never existed was called, linked to or
 * monitored. Thrown by {@link ProcessContext#call} and the failure of {@link ProcessRuntime#ask}'s future,
 * at once rather than after the timeout; the cause of the {@link Exit#noproc} reason in a {@link Down}
 * or {@link ExitSignal}.
 */
public final class NoSuchProcessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Pid pid;

  /** @param action what there was no process for: {@code "call"}, {@code "link to"} */
  NoSuchProcessException(Pid pid, String action) {
    super("noproc: no process " + pid + " to " + action + "; it has exited or never existed");
    this.pid = pid;
  }

  /** The pid that named no live process. */
  public Pid pid() {
    return pid;
  }
}
