package io.rusm;

import io.rusm.internal.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Request and reply: {@link ProcessContext#call} and {@link ProcessRuntime#ask}. A request carries a
 * {@link ReplyTo} that completes a future only its caller holds, so waiting for the reply never scans a
 * mailbox, and once the caller stops waiting the future is done and a late reply is a dead letter. While
 * the caller waits, the target is watched as a monitor would watch it (as {@code gen_server:call} does):
 * if it ends first, the wait fails at once with its exit reason.
 */
final class Calls {

  private Calls() {}

  static <R> R call(ProcessCell caller, Pid to, Function<ReplyTo<R>, ?> request, Duration timeout,
      long timeoutNanos) throws InterruptedException, TimeoutException {
    ProcessRuntime runtime = caller.runtime();
    CompletableFuture<R> reply = new CompletableFuture<>();
    ProcessCell target = null;
    Signals.CallWatch watch = null;
    try {
      Object message = request(request, new ReplyTo<>(caller.pid(), reply, runtime.messageCounters()));
      if (caller.isKilled()) {
        // The request function swallowed the kill's interrupt: this call must not wait regardless.
        throw new InterruptedException("process " + caller.pid() + " was killed");
      }
      target = runtime.cell(to);
      watch = target == null ? null : Signals.watchCall(target, reply);
      if (watch == null) {
        runtime.messageCounters().addDeadLetter();
        throw new NoSuchProcessException(to, "call");
      }
      // A failed delivery means the target is ending: the watch, made first, fails the call with its exit.
      target.deliver(message);
    } catch (Throwable e) {
      stopWaiting(runtime, reply);
      if (watch != null) {
        Signals.unwatchCall(target, watch);
      }
      throw e;
    }
    try {
      reply.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Settled below. Cancelling decides a race with a reply: a later one is a dead letter.
      reply.cancel(false);
    } catch (Throwable e) {
      // Interrupted (killed), or worse: the caller stops waiting, and a reply that landed is dropped.
      stopWaiting(runtime, reply);
      throw e;
    } finally {
      Signals.unwatchCall(target, watch);
    }
    if (reply.isCancelled()) {
      throw new TimeoutException("no reply from " + to + " within " + timeout);
    }
    try {
      R value = reply.join();
      runtime.messageCounters().addReceived();
      return value;
    } catch (CompletionException e) {
      // Made again here, so that its stack shows this call rather than the target's exit.
      ProcessExitedException exited = (ProcessExitedException) e.getCause();
      throw new ProcessExitedException(exited.pid(), exited.reason());
    }
  }

  /**
   * Ends a caller's wait early: a later reply is a dead letter, and one that landed and will never be
   * taken is dropped, so the counts still balance.
   */
  private static void stopWaiting(ProcessRuntime runtime, CompletableFuture<?> reply) {
    if (!reply.cancel(false) && !reply.isCompletedExceptionally()) {
      runtime.messageCounters().addDropped(1);
    }
  }

  static <R> CompletableFuture<R> ask(ProcessRuntime runtime, Pid to, Function<ReplyTo<R>, ?> request,
      Duration timeout) {
    long nanos = ProcessCell.toNanosSaturated(timeout);
    CompletableFuture<R> reply = new CompletableFuture<>();
    Object message;
    try {
      message = request(request, new ReplyTo<>(null, reply, runtime.messageCounters()));
    } catch (Throwable e) {
      // No one will hold this future: a ReplyTo the request function kept must not look waited for.
      reply.cancel(false);
      throw e;
    }
    ProcessCell target = runtime.cell(to);
    Signals.CallWatch watch = target == null ? null : Signals.watchCall(target, reply);
    if (watch == null) {
      runtime.messageCounters().addDeadLetter();
      reply.completeExceptionally(new NoSuchProcessException(to, "call"));
      return reply;
    }
    Timeouts.Timeout expiry = runtime.timeouts().schedule(nanos, () -> reply.completeExceptionally(
        new TimeoutException("no reply from " + to + " within " + timeout)));
    reply.whenComplete((v, e) -> {
      runtime.timeouts().cancel(expiry);
      Signals.unwatchCall(target, watch);
    });
    target.deliver(message);
    return reply;
  }

  private static <R> Object request(Function<ReplyTo<R>, ?> request, ReplyTo<R> replyTo) {
    return Objects.requireNonNull(request.apply(replyTo), "request returned a null message");
  }
}
