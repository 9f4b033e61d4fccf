package io.rusm;

/**
 * The code a process runs, from its first instruction to its exit.
 *
 * <p>Returning ends the process with {@link Exit#normal()}; throwing ends it with {@link Exit.Failed}
 * carrying the exception, which touches no other process. A body that blocks (sleep, park, locks, queues,
 * blocking I/O, joins) is interrupted when the process is killed; a body that loops on the CPU should
 * check {@link ProcessContext#isKilled()}, since nothing else can stop it.
 */
@FunctionalInterface
public interface ProcessBody {

  /**
   * Runs the process.
   *
   * @param ctx this process's view of itself and its runtime
   * @throws Exception to fail the process; the exception becomes the exit's cause
   */
  void run(ProcessContext ctx) throws Exception;
}
