package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls and asks that end other than with their reply, and matchers that throw. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallEdgeTest {

  record Get(String key, ReplyTo<String> replyTo) {}

  record Stop() {}

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private void assertTheReplyToWaitsNoMore(ReplyTo<String> kept) {
    assertThat(kept.isWaiting()).as("isWaiting() once the call has ended").isFalse();
    assertThat(kept.reply("late")).as("a reply once the call has ended").isFalse();
    assertThat(runtime.messagesDelivered()).as("delivered == received + dropped")
        .isEqualTo(runtime.messagesReceived() + runtime.messagesDropped());
  }

  @Test
  void aCallWhoseRequestThrowsLeavesNoReplyToWaiting() throws Exception {
    AtomicReference<ReplyTo<String>> kept = new AtomicReference<>();
    ProcessRef server = runtime.spawn(ctx -> ctx.receive(Stop.class));
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    ProcessRef client = runtime.spawn(ctx -> {
      try {
        ctx.<String>call(server.pid(), r -> {
          kept.set(r);
          throw new IllegalStateException("bad request");
        }, Duration.ofDays(1));
      } catch (IllegalStateException e) {
        thrown.complete(e);
      }
    });
    assertThat(client.join()).isEqualTo(Exit.normal());
    assertThat(thrown.get()).hasMessage("bad request");
    assertTheReplyToWaitsNoMore(kept.get());
  }

  @Test
  void aCallToNoProcessLeavesNoReplyToWaiting() throws Exception {
    Map<String, ReplyTo<String>> pending = new ConcurrentHashMap<>();
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    ProcessRef client = runtime.spawn(ctx -> {
      try {
        ctx.<String>call(new Pid(777_777), r -> {
          pending.put("k", r);
          return new Get("k", r);
        }, Duration.ofDays(1));
      } catch (NoSuchProcessException e) {
        thrown.complete(e);
      }
    });
    assertThat(client.join()).isEqualTo(Exit.normal());
    assertThat(thrown.get()).isInstanceOf(NoSuchProcessException.class);
    assertTheReplyToWaitsNoMore(pending.get("k"));
  }

  @Test
  void anAskWhoseRequestThrowsLeavesNoReplyToWaiting() throws Exception {
    AtomicReference<ReplyTo<String>> kept = new AtomicReference<>();
    ProcessRef server = runtime.spawn(ctx -> ctx.receive(Stop.class));
    assertThatThrownBy(() -> runtime.<String>ask(server.pid(), r -> {
      kept.set(r);
      throw new IllegalStateException("bad request");
    }, Duration.ofDays(1))).hasMessage("bad request");
    assertTheReplyToWaitsNoMore(kept.get());
  }

  @Test
  void aKillSwallowedByTheRequestFunctionStillEndsTheCall() throws Exception {
    ProcessRef server = runtime.spawn(ctx -> ctx.receive(Stop.class));
    CountDownLatch inRequest = new CountDownLatch(1);
    ProcessRef client = runtime.spawn(ctx -> ctx.call(server.pid(), r -> {
      inRequest.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException swallowed) {
        // user code that does not restore the interrupt
      }
      return "request";
    }, Duration.ofDays(1)));
    inRequest.await();
    assertThat(client.kill()).isTrue();
    assertThat(client.join()).isEqualTo(Exit.killed());
    assertThat(runtime.info(server.pid()).orElseThrow().mailboxLength()).as("no request sent").isZero();
  }

  @Test
  void anAskDependentDoesNotRunWithTheKilledServersInterruptSet() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    ProcessRef server = runtime.spawn(ctx -> {
      running.countDown();
      // Stops when it sees the kill, and returns.
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
    });
    running.await();
    CompletableFuture<Object> asked = runtime.ask(server.pid(), r -> "request", Duration.ofDays(1));
    CompletableFuture<Boolean> interruptedInDependent = new CompletableFuture<>();
    asked.whenComplete((v, e) -> interruptedInDependent.complete(Thread.currentThread().isInterrupted()));
    server.kill();
    assertThat(interruptedInDependent.get()).isFalse();
    assertThat(asked).isCompletedExceptionally();
  }

  @Test
  void aCallsProcessExitedExceptionShowsWhereTheCallWasMade() throws Exception {
    CountDownLatch gotRequest = new CountDownLatch(1);
    ProcessRef server = runtime.spawn(ctx -> {
      ctx.receive(Get.class);
      gotRequest.countDown();
      ctx.receive(Stop.class);
    });
    CompletableFuture<ProcessExitedException> failure = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      try {
        ctx.<String>call(server.pid(), r -> new Get("k", r), Duration.ofDays(1));
      } catch (ProcessExitedException e) {
        failure.complete(e);
      }
    });
    gotRequest.await();
    server.kill();
    ProcessExitedException e = failure.get();
    assertThat(e.pid()).isEqualTo(server.pid());
    assertThat(e.reason()).isEqualTo(Exit.killed());
    assertThat(Arrays.toString(e.getStackTrace())).contains("io.rusm.Calls.call");
  }

  private static final Function<Object, String> POISON_THROWS = m -> {
    if (m.equals("poison")) {
      throw new IllegalStateException("poison");
    }
    return m.equals("ok") ? "ok" : null;
  };

  @Test
  void aMessageOnWhichTheMatcherThrowsIsTestedAgainAndStaysInOrder() throws Exception {
    CompletableFuture<List<String>> seen = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      List<String> outcomes = new ArrayList<>();
      ctx.send(ctx.self(), "poison");
      ctx.send(ctx.self(), "ok");
      for (int i = 0; i < 2; i++) {
        try {
          outcomes.add(String.valueOf(ctx.receiveMatch(POISON_THROWS, Duration.ZERO)));
        } catch (IllegalStateException e) {
          outcomes.add("threw");
        }
      }
      outcomes.add(String.valueOf(ctx.receiveMatch(m -> m.equals("ok") ? "ok" : null, Duration.ZERO)));
      outcomes.add(String.valueOf(ctx.receive(Duration.ZERO)));
      seen.complete(outcomes);
    });
    assertThat(seen.get(30, TimeUnit.SECONDS)).containsExactly("threw", "threw", "Optional[ok]", "Optional[poison]");
  }

  @Test
  void aProcessCannotCallItself() throws Exception {
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      try {
        ctx.<String>call(ctx.self(), r -> new Get("k", r), Duration.ofDays(1));
      } catch (IllegalStateException e) {
        refused.complete(e);
      }
    });
    assertThat(refused.get()).hasMessage("process " + p.pid() + " cannot call itself: it would wait for its own reply");
    assertThat(p.join()).isEqualTo(Exit.normal());
    assertThat(runtime.messagesSent()).as("nothing sent").isZero();
  }
}
