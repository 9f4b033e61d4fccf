package io.rusm;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a running process knows about itself and can do for itself: its pid, whether it has been killed,
 * the runtime it can spawn further processes into, and its mailbox. Passed to {@link
 * ProcessBody#run(ProcessContext)}; valid only on the process's own thread: a receive or call from any
 * other thread throws {@link IllegalStateException}.
 *
 * <h2>Receiving</h2>
 * Messages from one sender arrive in the order sent. Every receive waits until a message it takes
 * arrives, the timeout passes ({@link Duration#ZERO} only looks, as Erlang's {@code after 0}), or the
 * process is killed, which ends the wait at once with {@link InterruptedException}. A selective receive
 * takes the oldest message that matches and leaves every other message where it was, in order (Erlang's
 * save queue). Java 21's patterns make the matcher read like Erlang's {@code receive}:
 *
 * <pre>{@code
 * sealed interface Msg {}
 * record Job(int id) implements Msg {}
 * record Stop() implements Msg {}
 *
 * Optional<String> done = ctx.receiveMatch(m -> switch (m) {
 *   case Job(int id) when id > 10 -> "job " + id;
 *   case Stop s -> "stop";
 *   default -> null;                    // no match: the message stays in the mailbox
 * }, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>What each costs: a plain receive takes the oldest message in O(1). A selective receive scans the
 * messages skipped earlier and then each new arrival once; a matcher is taken to be a pure function of
 * the message, as Erlang's patterns are, and the same matcher object (a non-capturing lambda, a constant,
 * a {@code Class}) skips at once what it rejected before, so a loop that keeps leaving the same messages
 * behind pays only for new ones. A message on which the matcher throws stays where it was, and the
 * exception goes to the receive's caller; the next scan tests it again. Being pure, a matcher does not
 * block: a kill that lands while it runs is seen through the interrupt, so one that waits and swallows
 * the interrupt leaves the receive to wait for a message regardless. A reply to a {@link #call} never
 * goes through the mailbox, so it costs O(1) whatever the mailbox holds.
 *
 * <p>Messages are passed by reference, not copied: send immutable values (records of immutable
 * fields). A mutable object sent is shared between sender and receiver.
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

  /**
   * Links this process to {@code other} (Erlang's {@code link/1}): from now on, when either ends
   * abnormally (killed, or its body threw), the other is killed too, unless it traps exits, in which case
   * it receives an {@link ExitSignal} (for normal exits as well). Links are bidirectional and idempotent;
   * linking to yourself does nothing. If {@code other} is already gone, this process gets the exit signal
   * at once with reason {@link Exit#noproc}: as a message if it traps exits, otherwise it is killed.
   *
   * @throws NullPointerException if {@code other} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  void link(Pid other);

  /**
   * Removes the link with {@code other}, on both sides; no exit signal of it comes after this returns.
   *
   * @throws NullPointerException if {@code other} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  void unlink(Pid other);

  /**
   * Spawns a process linked to this one before its body can run (Erlang's {@code spawn_link}).
   *
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  ProcessRef spawnLink(ProcessBody body);

  /** Spawns a named process linked to this one; see {@link #spawnLink(ProcessBody)}. */
  ProcessRef spawnLink(String name, ProcessBody body);

  /**
   * Monitors {@code other} (Erlang's {@code monitor(process, Pid)}): when it ends, this process receives
   * one {@link Down} carrying the returned reference, after every message {@code other} sent it; at once,
   * with reason {@link Exit#noproc}, if it is already gone. One-way, and each call is a monitor of its
   * own.
   *
   * @throws NullPointerException if {@code other} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  MonitorRef monitor(Pid other);

  /**
   * Takes a monitor back, and its {@link Down} too if it is already in the mailbox (Erlang's {@code
   * demonitor(Ref, [flush])}): after this, no Down of it is received.
   *
   * @return {@code true} if the monitor was still active; {@code false} if its process had ended, or the
   *     reference is not one of this process's monitors
   * @throws NullPointerException if {@code ref} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   * @throws InterruptedException if the process is killed
   */
  boolean demonitor(MonitorRef ref) throws InterruptedException;

  /**
   * Spawns a process and monitors it before its body can run (Erlang's {@code spawn_monitor}).
   *
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  Monitored spawnMonitor(ProcessBody body);

  /**
   * Turns trapping exits on or off (Erlang's {@code process_flag(trap_exit, On)}). A process that traps
   * exits survives the end of a linked process and receives an {@link ExitSignal} instead. A kill ({@link
   * ProcessRef#kill()}) cannot be trapped.
   *
   * @throws IllegalStateException if called from a thread other than this process's own
   */
  void trapExits(boolean on);

  /** Whether this process traps exits. */
  boolean isTrappingExits();

  /** Sends a message; see {@link ProcessRuntime#send(Pid, Object)}. */
  default boolean send(Pid to, Object message) {
    return runtime().send(to, message);
  }

  /**
   * Takes the oldest message, waiting for one as long as it takes.
   *
   * @throws InterruptedException if the process is killed
   */
  Object receive() throws InterruptedException;

  /**
   * Takes the oldest message, waiting at most {@code timeout}.
   *
   * @return the message, or empty if none came in time
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws InterruptedException if the process is killed
   */
  Optional<Object> receive(Duration timeout) throws InterruptedException;

  /**
   * Selective receive: takes the oldest message {@code match} accepts, waiting at most {@code timeout},
   * and leaves every other message where it was.
   *
   * @return the message, or empty if none matched in time
   * @throws NullPointerException if {@code match} is null
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws InterruptedException if the process is killed
   */
  Optional<Object> receive(Predicate<Object> match, Duration timeout) throws InterruptedException;

  /**
   * Selective receive by type: takes the oldest message that is a {@code type}, waiting at most {@code
   * timeout}, and leaves every other message where it was.
   *
   * @return the message, or empty if none of that type came in time
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws InterruptedException if the process is killed
   */
  <T> Optional<T> receive(Class<T> type, Duration timeout) throws InterruptedException;

  /**
   * Selective receive by type, waiting as long as it takes; see {@link #receive(Class, Duration)}.
   *
   * @throws NullPointerException if {@code type} is null
   * @throws InterruptedException if the process is killed
   */
  <T> T receive(Class<T> type) throws InterruptedException;

  /**
   * Selective receive with a result: takes the oldest message for which {@code matcher} returns
   * non-null, and returns what it returned; a {@code switch} with a {@code default -> null} reads as
   * Erlang's {@code receive} (see the class comment). Every other message stays where it was.
   *
   * @return the matcher's result, or empty if no message matched in time
   * @throws NullPointerException if {@code matcher} is null
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws InterruptedException if the process is killed
   */
  <R> Optional<R> receiveMatch(Function<Object, ? extends R> matcher, Duration timeout)
      throws InterruptedException;

  /**
   * Selective receive with a result, waiting as long as it takes; see {@link #receiveMatch(Function,
   * Duration)}.
   *
   * @throws NullPointerException if {@code matcher} is null
   * @throws InterruptedException if the process is killed
   */
  <R> R receiveMatch(Function<Object, ? extends R> matcher) throws InterruptedException;

  /**
   * Sends a request and waits for its reply (Erlang's {@code gen_server:call}): {@code request} builds the
   * message from the {@link ReplyTo} the server answers through. Waiting skips the mailbox: the reply to
   * this request is the only thing that ends it, other than the timeout, the server's exit or a kill.
   * If the call ends any other way than with the reply, the {@code ReplyTo} no longer waits, and a
   * reply through it is a dead letter.
   *
   * @param <R> the type of the reply
   * @return the reply
   * @throws NoSuchProcessException if no live process has the pid {@code to}
   * @throws ProcessExitedException if the server ended before it replied, with its pid and exit reason
   * @throws TimeoutException if no reply came within {@code timeout}; a reply after it is a dead letter
   * @throws NullPointerException if {@code to} or {@code request} is null, or it returns null
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws IllegalStateException if {@code to} is this process (Erlang's {@code calling_self})
   * @throws InterruptedException if the process is killed
   */
  <R> R call(Pid to, Function<ReplyTo<R>, ?> request, Duration timeout)
      throws InterruptedException, TimeoutException;
}
