package io.rusm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to a spawned process: kill it, wait for it, or watch for its exit (Pekko's {@code
 * ActorRef}, Tokio's {@code JoinHandle}). References are safe to share between threads and stay valid
 * after the process has exited (the exit is remembered).
 *
 * <p>As with a {@code JoinHandle}, dropping a reference does not affect the process.
 */
public interface ProcessRef {

  /** The process's pid. */
  Pid pid();

  /** The name given at spawn, or empty. */
  Optional<String> name();

  /**
   * Sends a message to the process (Erlang's {@code Pid ! Message}); see {@link
   * ProcessRuntime#send(Pid, Object)}. Sending through a reference skips the table lookup a pid needs.
   *
   * @return whether the message reached the mailbox of a live process; {@code false} makes it a dead
   *     letter
   * @throws NullPointerException if {@code message} is null
   */
  boolean send(Object message);

  /**
   * Kills the process (Erlang's {@code exit(Pid, kill)}, Tokio's {@code abort}). A process not yet
   * started never runs its body; a running one has its virtual thread interrupted, and its exit is
   * {@link Exit#killed()} even if the body swallows the interrupt. Idempotent, callable from any thread,
   * including the process's own.
   *
   * @return {@code true} if this call killed the process, {@code false} if it had already been killed or
   *     had already finished
   */
  boolean kill();

  /** Whether the process has not yet exited. */
  boolean isAlive();

  /**
   * Waits for the process to exit. When this returns, the process is out of the table and counted as
   * finished.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws IllegalStateException if a process tries to join itself
   */
  Exit join() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the process to exit.
   *
   * @return the exit, or empty if the process was still alive when the timeout elapsed
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Optional<Exit> join(Duration timeout) throws InterruptedException;

  /**
   * A future completed with the exit, for callers that must not block. Each call returns a new future;
   * completing or cancelling it affects nothing else. Dependent actions registered without an executor
   * may run on the exiting process's thread: keep them short or use the {@code *Async} variants.
   */
  CompletableFuture<Exit> onExit();
}
