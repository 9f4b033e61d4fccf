package io.rusm;

/**
 * Wraps each process's body as it is spawned: the place to carry what lives on the spawning thread (a
 * trace, log context, a security principal) into the process, as a task decorator does for an executor.
 *
 * <p>{@link #decorate} is called on the spawning thread, inside {@link ProcessRuntime#spawn}, before
 * the process is admitted: capture there. The body it returns is what the process runs, on its own
 * thread: restore there, and clear in a {@code finally} what was restored. A kill that lands before the
 * process starts means the returned body never runs.
 *
 * <pre>{@code
 * ProcessDecorator carryTenant = body -> {
 *   String tenant = Tenant.current();        // on the spawning thread
 *   return ctx -> {
 *     Tenant.set(tenant);                     // on the process's thread
 *     try {
 *       body.run(ctx);
 *     } finally {
 *       Tenant.clear();
 *     }
 *   };
 * };
 * ProcessRuntime runtime = ProcessRuntime.builder().decorator(carryTenant).build();
 * }</pre>
 *
 * <p>If {@code decorate} throws, the spawn throws the same exception and leaves nothing behind: no
 * process, no count. Returning {@code null} fails the spawn with a {@link NullPointerException}.
 */
@FunctionalInterface
public interface ProcessDecorator {

  /**
   * Returns the body the process runs in place of {@code body}, usually one that runs {@code body}
   * inside some context; called on the spawning thread.
   *
   * @param body the body as spawned, never {@code null}
   * @return the body to run, not {@code null}
   */
  ProcessBody decorate(ProcessBody body);
}
