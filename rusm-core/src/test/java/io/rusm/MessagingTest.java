package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rusm.internal.Mailbox;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessagingTest {

  sealed interface Msg {}

  record Job(int id) implements Msg {}

  record Stop() implements Msg {}

  record Get(String key, ReplyTo<String> replyTo) {}

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();
  private final Map<Pid, CountDownLatch> gates = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    runtime.close();
  }

  /** Waits until the process is parked: in a receive, for these tests. */
  static void awaitWaiting(ProcessRuntime runtime, Pid pid) {
    while (runtime.info(pid).map(ProcessInfo::state).orElseThrow() != ProcessState.WAITING) {
      Thread.onSpinWait();
    }
  }

  static void assertQuiescentIdentities(ProcessRuntime runtime, long waiting) {
    assertThat(runtime.messagesSent())
        .isEqualTo(runtime.messagesDelivered() + runtime.deadLetters());
    assertThat(runtime.messagesDelivered())
        .isEqualTo(runtime.messagesReceived() + runtime.messagesDropped() + waiting);
  }

  @Test
  void aReceiveOnAnInterruptedThreadThrowsAtOnceAndTheProcessCarriesOn() throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      Thread.currentThread().interrupt();
      try {
        ctx.receive();
      } catch (InterruptedException e) {
        thrown.complete(e);
      }
      assertThat(ctx.receive()).isEqualTo("after");
    });
    assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    p.send("after");
    assertThat(p.join().outcome()).isEqualTo(Exit.Outcome.NORMAL);
  }

  @Test
  void messagesFromOneSenderArriveInTheOrderSent() throws Exception {
    int n = 10_000;
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    ProcessRef receiver = runtime.spawn(ctx -> {
      List<Object> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(ctx.receive());
      }
      got.complete(all);
    });
    for (int i = 0; i < n; i++) {
      assertThat(receiver.send(i)).isTrue();
    }
    assertThat(got.get()).containsExactlyElementsOf(range(n));
    assertThat(receiver.join()).isEqualTo(Exit.normal());
    assertThat(runtime.messagesDelivered()).isEqualTo(n);
    assertThat(runtime.messagesReceived()).isEqualTo(n);
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void selectiveReceiveTakesTheOldestMatchAndLeavesTheRestInOrder() throws Exception {
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    ProcessRef p = spawnHeld(ctx -> {
      List<Object> order = new ArrayList<>();
      order.add(ctx.receive(Stop.class, Duration.ZERO).orElseThrow());
      order.add(ctx.receive(m -> m instanceof Job j && j.id() % 2 == 0, Duration.ZERO).orElseThrow());
      for (int i = 0; i < 3; i++) {
        order.add(ctx.receive());
      }
      got.complete(order);
    });
    p.send(new Job(1));
    p.send(new Job(2));
    p.send(new Job(3));
    p.send(new Stop());
    p.send(new Job(4));
    release(p);
    assertThat(got.get()).containsExactly(new Stop(), new Job(2), new Job(1), new Job(3), new Job(4));
  }

  @Test
  void receiveMatchReadsAsASwitchAndLeavesUnmatchedMessages() throws Exception {
    CompletableFuture<List<String>> got = new CompletableFuture<>();
    ProcessRef p = spawnHeld(ctx -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        out.add(ctx.receiveMatch(m -> switch (m) {
          case Job(int id) when id > 10 -> "big " + id;
          case Stop s -> "stop";
          default -> null;
        }));
      }
      out.add(String.valueOf(ctx.receive(Duration.ZERO).orElseThrow()));
      out.add(String.valueOf(ctx.receive(Duration.ZERO).isPresent()));
      got.complete(out);
    });
    p.send(new Job(3));
    p.send(new Job(30));
    p.send(new Stop());
    release(p);
    assertThat(got.get()).containsExactly("big 30", "stop", "Job[id=3]", "false");
  }

  @Test
  void aSelectiveReceiveWaitsForANewMatchAndChecksEachArrivalOnce() throws Exception {
    AtomicInteger tests = new AtomicInteger();
    Predicate<Object> isStop = m -> {
      tests.incrementAndGet();
      return m instanceof Stop;
    };
    CompletableFuture<Object> got = new CompletableFuture<>();
    CountDownLatch done = new CountDownLatch(1);
    // Stays alive until the mailbox has been looked at: an exiting process closes it.
    ProcessRef p = runtime.spawn(ctx -> {
      got.complete(ctx.receive(isStop, Duration.ofMinutes(1)));
      done.await();
    });
    for (int i = 0; i < 100; i++) {
      p.send(new Job(i));
    }
    awaitWaiting(runtime, p.pid());
    p.send(new Stop());
    assertThat(got.get()).isEqualTo(Optional.of(new Stop()));
    assertThat(tests.get()).isEqualTo(101);
    assertThat(runtime.info(p.pid()).map(ProcessInfo::mailboxLength)).contains(100L);
    done.countDown();
    assertThat(p.join()).isEqualTo(Exit.normal());
  }

  @Test
  void theSameMatcherDoesNotRescanWhatItAlreadySkipped() throws Exception {
    AtomicInteger tests = new AtomicInteger();
    Predicate<Object> isStop = m -> {
      tests.incrementAndGet();
      return m instanceof Stop;
    };
    CompletableFuture<List<Integer>> counts = new CompletableFuture<>();
    ProcessRef p = spawnHeld(ctx -> {
      List<Integer> seen = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        ctx.receive(isStop, Duration.ZERO);
        seen.add(tests.get());
      }
      // Another matcher scans from the start; the original one then starts over too.
      ctx.receive(m -> false, Duration.ZERO);
      ctx.receive(isStop, Duration.ZERO);
      seen.add(tests.get());
      // Taking a skipped message keeps what the matcher learnt about the others.
      ctx.receive();
      ctx.receive(isStop, Duration.ZERO);
      seen.add(tests.get());
      counts.complete(seen);
    });
    for (int i = 0; i < 1000; i++) {
      p.send(new Job(i));
    }
    release(p);
    assertThat(counts.get()).containsExactly(1000, 1000, 1000, 2000, 2000);
  }

  @Test
  void aTimedOutReceiveReturnsEmptyAndLeavesTheMailboxAsItWas() throws Exception {
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    ProcessRef p = spawnHeld(ctx -> {
      List<Object> out = new ArrayList<>();
      long start = System.nanoTime();
      out.add(ctx.receive(Stop.class, Duration.ofMillis(50)));
      out.add(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
      out.add(ctx.receive(Duration.ZERO));
      out.add(ctx.receive(Duration.ZERO));
      out.add(ctx.receive(Duration.ofMillis(20)));
      got.complete(out);
    });
    p.send(new Job(1));
    release(p);
    assertThat(got.get()).containsExactly(Optional.empty(), true, Optional.of(new Job(1)),
        Optional.empty(), Optional.empty());
  }

  @Test
  void aKillWakesAProcessWaitingInEveryKindOfReceive() throws Exception {
    ProcessRef silent = runtime.spawn(ctx -> ctx.receive(Stop.class));
    List<ProcessBody> receives = List.of(
        ctx -> ctx.receive(),
        ctx -> ctx.receive(Duration.ofDays(1)),
        ctx -> ctx.receive(m -> false, Duration.ofDays(1)),
        ctx -> ctx.receive(Stop.class),
        ctx -> ctx.receiveMatch(m -> null),
        ctx -> ctx.call(silent.pid(), r -> "never answered", Duration.ofDays(1)));
    for (ProcessBody receive : receives) {
      ProcessRef p = runtime.spawn(receive);
      awaitWaiting(runtime, p.pid());
      assertThat(p.kill()).isTrue();
      assertThat(p.join(Duration.ofSeconds(10))).contains(Exit.killed());
    }
  }

  @Test
  void aKilledProcessDropsWhatItsMailboxHeldAndLaterSendsAreDeadLetters() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> {
      waiting.countDown();
      ctx.receive(Stop.class);
    });
    waiting.await();
    for (int i = 0; i < 5; i++) {
      p.send(new Job(i));
    }
    awaitWaiting(runtime, p.pid());
    assertThat(runtime.info(p.pid()).orElseThrow().mailboxLength()).isEqualTo(5);
    p.kill();
    assertThat(p.join()).isEqualTo(Exit.killed());
    assertThat(runtime.messagesDropped()).isEqualTo(5);
    assertThat(p.send(new Job(6))).isFalse();
    assertThat(runtime.send(p.pid(), new Job(7))).isFalse();
    assertThat(runtime.deadLetters()).isEqualTo(2);
    assertThat(((ProcessCell) p).mailboxLength()).isZero();
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aKillThatTheBodySwallowedStillEndsTheNextReceive() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> {
      while (!ctx.isKilled()) {
        started.countDown();
        Thread.onSpinWait();
      }
      Thread.interrupted();
      ctx.receive();
    });
    started.await();
    p.kill();
    assertThat(p.join()).isEqualTo(Exit.killed());
  }

  @Test
  void aSendAfterTheExitIsADeadLetterEvenWhileAMailboxInstalledAfterItIsOpen() throws Exception {
    ProcessRef p = runtime.spawn(ctx -> { });
    p.join();
    // A sender that installed a mailbox after the exit, as it stands before that sender closes it.
    Mailbox installedLate = new Mailbox();
    Field mailbox = ProcessCell.class.getDeclaredField("mailbox");
    mailbox.setAccessible(true);
    mailbox.set(p, installedLate);
    assertThat(p.send("late")).isFalse();
    installedLate.close(runtime.messageCounters());
    assertThat(runtime.deadLetters()).isEqualTo(1);
    assertThat(runtime.messagesDelivered()).isZero();
    assertThat(runtime.messagesDropped()).isZero();
  }

  @Test
  void sendsToAPidThatNeverExistedAreDeadLetters() {
    assertThat(runtime.send(new Pid(1_000_000), "hello")).isFalse();
    assertThat(runtime.deadLetters()).isEqualTo(1);
    assertThat(runtime.messagesSent()).isEqualTo(1);
    assertThat(runtime.messagesDelivered()).isZero();
  }

  @Test
  void aProcessThatNeitherSendsNorReceivesHasNoMailbox() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ProcessCell idle = (ProcessCell) runtime.spawn(ctx -> go.await());
    ProcessCell receiver = (ProcessCell) runtime.spawn(ctx -> {
      ctx.receive(Duration.ZERO);
      go.await();
    });
    ProcessCell sentTo = (ProcessCell) runtime.spawn(ctx -> go.await());
    sentTo.send("x");
    awaitWaiting(runtime, receiver.pid());
    assertThat(idle.hasMailbox()).isFalse();
    assertThat(receiver.hasMailbox()).isTrue();
    assertThat(sentTo.hasMailbox()).isTrue();
    go.countDown();
    idle.join();
    receiver.join();
    sentTo.join();
    assertThat(runtime.messagesDropped()).isEqualTo(1);
  }

  @Test
  void manySendersToOneReceiverLoseNothingAndKeepEachSendersOrder() throws Exception {
    int senders = 50;
    int each = 2_000;
    CompletableFuture<int[]> lastSeen = new CompletableFuture<>();
    ProcessRef receiver = runtime.spawn(ctx -> {
      int[] last = new int[senders];
      java.util.Arrays.fill(last, -1);
      for (int i = 0; i < senders * each; i++) {
        long m = (Long) ctx.receive();
        int sender = (int) (m >>> 32);
        int seq = (int) m;
        if (seq != last[sender] + 1) {
          throw new AssertionError("sender " + sender + " sent " + seq + " after " + last[sender]);
        }
        last[sender] = seq;
      }
      lastSeen.complete(last);
    });
    List<ProcessRef> all = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      long sender = s;
      all.add(runtime.spawn(ctx -> {
        for (int i = 0; i < each; i++) {
          receiver.send(sender << 32 | i);
        }
      }));
    }
    for (ProcessRef s : all) {
      assertThat(s.join()).isEqualTo(Exit.normal());
    }
    assertThat(receiver.join()).isEqualTo(Exit.normal());
    assertThat(lastSeen.get()).containsOnly(each - 1);
    assertThat(runtime.messagesReceived()).isEqualTo((long) senders * each);
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aReceiverWhoseMessagesPileUpTakesThemInOrderAndEveryCountStaysExact() throws Exception {
    // Enough waiting for the receiver to give its mailbox's consumer an object of its own at its first
    // receive: from then on the counts and the close must read that consumer, not the mailbox's head.
    int sent = 3 * Mailbox.SPLIT_BACKLOG;
    int taken = sent / 2;
    CountDownLatch tookHalf = new CountDownLatch(1);
    List<Object> got = new ArrayList<>();
    ProcessRef p = spawnHeld(ctx -> {
      for (int i = 0; i < taken; i++) {
        got.add(ctx.receive());
      }
      tookHalf.countDown();
      ctx.receive(Stop.class);
    });
    for (int i = 0; i < sent; i++) {
      p.send(new Job(i));
    }
    release(p);
    tookHalf.await();
    awaitWaiting(runtime, p.pid());
    assertThat(got).containsExactlyElementsOf(range(taken).stream().map(Job::new).toList());
    assertThat(runtime.info(p.pid()).orElseThrow().mailboxLength()).isEqualTo(sent - taken);
    assertThat(runtime.messagesReceived()).isEqualTo(taken);
    assertQuiescentIdentities(runtime, sent - taken);
    p.kill();
    assertThat(p.join()).isEqualTo(Exit.killed());
    assertThat(runtime.messagesDropped()).isEqualTo(sent - taken);
    assertThat(runtime.messagesReceived()).isEqualTo(taken);
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aBacklogShowsAsTheMailboxLength() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ProcessRef slow = runtime.spawn(ctx -> {
      go.await();
      ctx.receive(Stop.class);
    });
    for (int i = 0; i < 1234; i++) {
      slow.send(new Job(i));
    }
    assertThat(runtime.info(slow.pid()).orElseThrow().mailboxLength()).isEqualTo(1234);
    assertThat(runtime.processes(10)).singleElement()
        .extracting(ProcessInfo::mailboxLength).isEqualTo(1234L);
    go.countDown();
    awaitWaiting(runtime, slow.pid());
    assertThat(runtime.info(slow.pid()).orElseThrow().mailboxLength()).isEqualTo(1234);
    slow.send(new Stop());
    slow.join();
    assertThat(runtime.messagesDropped()).isEqualTo(1234);
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aCallWaitsForItsOwnReplyWhateverTheMailboxHolds() throws Exception {
    ProcessRef server = runtime.spawn(ctx -> {
      while (true) {
        switch (ctx.receive()) {
          case Get(String key, ReplyTo<String> replyTo) -> replyTo.reply(key.toUpperCase());
          default -> {}
        }
      }
    });
    CompletableFuture<List<String>> replies = new CompletableFuture<>();
    ProcessRef client = runtime.spawn(ctx -> {
      for (int i = 0; i < 10_000; i++) {
        runtime.send(ctx.self(), new Job(i));
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String key = "k" + i;
        out.add(ctx.call(server.pid(), r -> new Get(key, r), Duration.ofSeconds(30)));
      }
      out.add(String.valueOf(ctx.receive(Duration.ZERO).orElseThrow()));
      replies.complete(out);
    });
    List<String> got = replies.get();
    assertThat(got).hasSize(101).startsWith("K0", "K1").endsWith("K99", "Job[id=0]");
    client.join();
    server.kill();
    server.join();
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aCallThatTimesOutLeavesNoReplyBehind() throws Exception {
    AtomicReference<ReplyTo<String>> held = new AtomicReference<>();
    CountDownLatch asked = new CountDownLatch(1);
    ProcessRef server = runtime.spawn(ctx -> {
      Get get = ctx.receive(Get.class);
      held.set(get.replyTo());
      asked.countDown();
      ctx.receive();
    });
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    ProcessRef client = runtime.spawn(ctx -> {
      try {
        String never = ctx.call(server.pid(), r -> new Get("k", r), Duration.ofMillis(20));
        failure.complete(new AssertionError("replied " + never));
      } catch (TimeoutException e) {
        failure.complete(e);
      }
      ctx.receive(Duration.ofMillis(1));
    });
    assertThat(failure.get()).hasMessageContaining("no reply from " + server.pid());
    asked.await();
    client.join();
    assertThat(held.get().isWaiting()).isFalse();
    assertThat(held.get().caller()).contains(client.pid());
    assertThat(held.get().reply("late")).isFalse();
    assertThat(runtime.deadLetters()).isEqualTo(1);
    server.kill();
    server.join();
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void aCallToAProcessThatIsGoneFailsAtOnceNamingIt() throws Exception {
    Pid gone = new Pid(999_999);
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      try {
        ctx.call(gone, r -> "request", Duration.ofDays(1));
      } catch (NoSuchProcessException e) {
        failure.complete(e);
      }
    }).join();
    assertThat(failure.get()).isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining("<0.999999.0>").hasMessageContaining("noproc");
    assertThat(((NoSuchProcessException) failure.get()).pid()).isEqualTo(gone);
  }

  @Test
  void askFromOutsideAProcessCompletesWithTheReply() throws Exception {
    ProcessRef server = runtime.spawn(ctx -> {
      Get get = ctx.receive(Get.class);
      get.replyTo().reply("v:" + get.key());
      assertThat(get.replyTo().caller()).isEmpty();
      assertThat(get.replyTo().reply("twice")).isFalse();
    });
    CompletableFuture<String> reply = runtime.ask(server.pid(), r -> new Get("a", r),
        Duration.ofSeconds(30));
    assertThat(reply.get()).isEqualTo("v:a");
    assertThat(server.join()).isEqualTo(Exit.normal());
    assertThat(runtime.deadLetters()).isEqualTo(1);
    assertQuiescentIdentities(runtime, 0);
  }

  @Test
  void askFailsAtOnceForAProcessThatIsGoneAndTimesOutOtherwise() throws Exception {
    CompletableFuture<Object> noproc = runtime.ask(new Pid(424_242), r -> "x", Duration.ofDays(1));
    assertThatThrownBy(noproc::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(NoSuchProcessException.class).hasMessageContaining("<0.424242.0>");

    ProcessRef silent = runtime.spawn(ctx -> ctx.receive(Stop.class));
    CompletableFuture<Object> unanswered = runtime.ask(silent.pid(), r -> "x", Duration.ofMillis(10));
    assertThatThrownBy(unanswered::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TimeoutException.class)
        .hasMessage("no reply from " + silent.pid() + " within PT0.01S");
    // The request stays in the mailbox (the process never took it); the timeout left nothing pending.
    assertThat(runtime.timeouts().pending()).isZero();
    silent.kill();
  }

  @Test
  void badArgumentsNameWhatWasWrong() throws Exception {
    ProcessRef p = runtime.spawn(ctx -> ctx.receive(Stop.class));
    assertThatThrownBy(() -> p.send(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("message");
    assertThatThrownBy(() -> runtime.send(null, "x")).isInstanceOf(NullPointerException.class)
        .hasMessage("to");
    assertThatThrownBy(() -> runtime.send(p.pid(), null)).isInstanceOf(NullPointerException.class)
        .hasMessage("message");
    assertThatThrownBy(() -> runtime.ask(null, r -> "x", Duration.ZERO))
        .isInstanceOf(NullPointerException.class).hasMessage("to");
    assertThatThrownBy(() -> runtime.ask(p.pid(), null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class).hasMessage("request");
    assertThatThrownBy(() -> runtime.ask(p.pid(), r -> "x", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> runtime.ask(p.pid(), r -> null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("request returned a null");
    CompletableFuture<List<Throwable>> inside = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      List<Throwable> errors = new ArrayList<>();
      errors.add(catching(() -> ctx.receive(Duration.ofMillis(-1))));
      errors.add(catching(() -> ctx.receive((Predicate<Object>) null, Duration.ZERO)));
      errors.add(catching(() -> ctx.receive((Class<?>) null, Duration.ZERO)));
      errors.add(catching(() -> ctx.receiveMatch(null, Duration.ZERO)));
      errors.add(catching(() -> ctx.call(null, r -> "x", Duration.ZERO)));
      errors.add(catching(() -> ctx.call(p.pid(), null, Duration.ZERO)));
      inside.complete(errors);
    }).join();
    assertThat(inside.get()).extracting(Throwable::getMessage).containsExactly(
        "timeout must be zero or positive, was PT-0.001S", "match", "type", "matcher", "to", "request");
    CompletableFuture<ProcessContext> leaked = new CompletableFuture<>();
    runtime.spawn(ctx -> leaked.complete(ctx)).join();
    assertThatThrownBy(() -> leaked.get().receive()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("receive is for process");
    assertThatThrownBy(() -> leaked.get().call(p.pid(), r -> "x", Duration.ZERO))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("call is for process");
    p.kill();
  }

  private interface Action {
    void run() throws Exception;
  }

  private static Throwable catching(Action action) {
    try {
      action.run();
      return new AssertionError("no exception");
    } catch (Throwable t) {
      return t;
    }
  }

  /**
   * Spawns a process whose body waits for {@link #release} before it runs, so that messages sent in
   * between are all in its mailbox when it starts.
   */
  private ProcessRef spawnHeld(ProcessBody body) {
    CountDownLatch gate = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> {
      gate.await();
      body.run(ctx);
    });
    gates.put(p.pid(), gate);
    return p;
  }

  private void release(ProcessRef p) {
    gates.get(p.pid()).countDown();
  }

  private static List<Integer> range(int n) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(i);
    }
    return r;
  }
}
