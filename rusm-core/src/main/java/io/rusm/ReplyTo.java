package io.rusm;

import io.rusm.internal.MessageCounters;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the reply to one request goes: put it in the request message, and the process that handles the
 * request answers with {@link #reply}. Made by {@link ProcessContext#call} and {@link ProcessRuntime#ask},
 * one per request (Erlang's {@code From} in {@code gen_server:call}, Pekko's {@code replyTo}).
 *
 * <pre>{@code
 * record Get(String key, ReplyTo<String> replyTo) {}
 *
 * // the server
 * switch (ctx.receive()) {
 *   case Get(String key, ReplyTo<String> replyTo) -> replyTo.reply(store.get(key));
 *   default -> {}
 * }
 *
 * // a client process, or any thread with runtime.ask(...)
 * String value = ctx.call(server, replyTo -> new Get("k", replyTo), Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>The reply goes straight to the one caller waiting for it, not through its mailbox: waiting for it
 * costs the same whatever else the caller's mailbox holds, and a reply that comes after the caller
 * stopped waiting (it timed out, or was killed) is a dead letter, not a message left to pile up.
 *
 * @param <R> the type of the reply
 */
public final class ReplyTo<R> {

  private final Pid caller;
  private final CompletableFuture<R> reply;
  private final MessageCounters counters;

  ReplyTo(Pid caller, CompletableFuture<R> reply, MessageCounters counters) {
    this.caller = caller;
    this.reply = reply;
    this.counters = counters;
  }

  /**
   * Sends the reply. Only the first reply counts; later ones, and any reply after the caller stopped
   * waiting, are dead letters.
   *
   * @return whether the caller was still waiting for it: false once its call or ask ended in any other
   *     way (a timeout, the caller's kill, a cancelled future, a request that failed to be sent)
   * @throws NullPointerException if {@code value} is null
   */
  public boolean reply(R value) {
    Objects.requireNonNull(value, "value");
    if (reply.complete(value)) {
      counters.addDelivered();
      if (caller == null) {
        // An ask's future is its receiver; a calling process counts the reply when it takes it.
        counters.addReceived();
      }
      return true;
    }
    counters.addDeadLetter();
    return false;
  }

  /** The calling process, or empty when the caller is not a process ({@link ProcessRuntime#ask}). */
  public Optional<Pid> caller() {
    return Optional.ofNullable(caller);
  }

  /** Whether the caller still waits for a reply. */
  public boolean isWaiting() {
    return !reply.isDone();
  }

  @Override
  public String toString() {
    return "ReplyTo[" + (caller == null ? "ask" : caller.toString()) + "]";
  }
}
