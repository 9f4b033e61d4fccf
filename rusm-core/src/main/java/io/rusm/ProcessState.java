package io.rusm;

/** The state of a live process, as reported in a {@link ProcessInfo} snapshot (after Erlang's {@code status}). */
public enum ProcessState {
  /** Spawned and killable, its body not yet begun. */
  STARTING,
  /** Its body is running or ready to run. */
  RUNNING,
  /** Its body is blocked: sleeping, parked, or waiting on a lock, queue, I/O or join. */
  WAITING,
  /** Killed or finished, and being removed from the table. */
  EXITING
}
