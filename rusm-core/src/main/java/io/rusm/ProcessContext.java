package io.rusm;

import java.util.Optional;

/**
 * What a running process knows about itself: its pid, whether it has been killed, and the runtime it can
 * spawn further processes into. Passed to {@link ProcessBody#run(ProcessContext)}; valid only on the
 * process's own thread.
 */
public interface ProcessContext {

  /** This process's pid (Erlang's {@code self()}). */
  Pid self();

  /** The name given at spawn, or empty. */
  Optional<String> name();

  /**
   * Whether this process has been killed. Blocking calls are interrupted by a kill on their own; a body
   * that computes without blocking polls this to stop on time.
   */
  boolean isKilled();

  /** The runtime this process lives in. */
  ProcessRuntime runtime();

  /** Spawns a process into the same runtime; see {@link ProcessRuntime#spawn(ProcessBody)}. */
  default ProcessRef spawn(ProcessBody body) {
    return runtime().spawn(body);
  }

  /** Spawns a named process into the same runtime; see {@link ProcessRuntime#spawn(String, ProcessBody)}. */
  default ProcessRef spawn(String name, ProcessBody body) {
    return runtime().spawn(name, body);
  }
}
