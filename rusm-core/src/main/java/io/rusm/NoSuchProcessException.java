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

  /**
   * Equal to another for the same pid and the same action, as Erlang's {@code noproc} is one reason
   * whoever reports it: so {@code Exit.noproc(pid)} equals every other noproc of that pid.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof NoSuchProcessException other && pid.equals(other.pid)
        && getMessage().equals(other.getMessage());
  }

  @Override
  public int hashCode() {
    return pid.hashCode() * 31 + getMessage().hashCode();
  }
}
