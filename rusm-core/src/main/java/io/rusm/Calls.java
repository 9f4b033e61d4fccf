package io.rusm;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Request and reply: {@link ProcessContext#call} and {@link ProcessRuntime#ask}. A request carries a
 * {@link ReplyTo} that completes a future only its caller holds, so waiting for the reply never scans a
 * mailbox, and once the caller stops waiting the future is done and a late reply is a dead letter.
 */
final class Calls {

  private Calls() {}

  static <R> R call(ProcessRuntime runtime, Pid self, Pid to, Function<ReplyTo<R>, ?> request,
      Duration timeout, long timeoutNanos) throws InterruptedException, TimeoutException {
    CompletableFuture<R> reply = new CompletableFuture<>();
    if (!runtime.send(to, request(request, new ReplyTo<>(self, reply, runtime.messageCounters())))) {
      throw new NoSuchProcessException(to);
    }
    R value;
    try {
      value = reply.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Whoever wins this race decides: a cancelled call makes any later reply a dead letter.
      if (reply.cancel(false)) {
        throw new TimeoutException("no reply from " + to + " within " + timeout);
      }
      value = reply.join();
    } catch (InterruptedException e) {
      if (!reply.cancel(false)) {
        // The reply landed, but this process was killed before taking it.
        runtime.messageCounters().addDropped(1);
      }
      throw e;
    } catch (ExecutionException impossible) {
      throw new AssertionError("only a reply completes a call", impossible);
    }
    runtime.messageCounters().addReceived();
    return value;
  }

  static <R> CompletableFuture<R> ask(ProcessRuntime runtime, Pid to, Function<ReplyTo<R>, ?> request,
      Duration timeout) {
    long nanos = ProcessCell.toNanosSaturated(timeout);
    CompletableFuture<R> reply = new CompletableFuture<>();
    if (!runtime.send(to, request(request, new ReplyTo<>(null, reply, runtime.messageCounters())))) {
      reply.completeExceptionally(new NoSuchProcessException(to));
      return reply;
    }
    return reply.orTimeout(nanos, TimeUnit.NANOSECONDS);
  }

  private static <R> Object request(Function<ReplyTo<R>, ?> request, ReplyTo<R> replyTo) {
    return Objects.requireNonNull(request.apply(replyTo), "request returned a null message");
  }
}
