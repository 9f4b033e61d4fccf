package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edges of links and monitors: processes that are gone but still referenced, self-monitors, spawns
 * that fail after their link was made, hubs with more links than a snapshot lists. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalsEdgeTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private ProcessCell ended() throws InterruptedException {
    ProcessCell cell = (ProcessCell) runtime.spawn(ctx -> {});
    cell.join();
    return cell;
  }

  @Test
  void aCellThatHasEndedIsNoprocToLinkMonitorAndCallWatch() throws Exception {
    ProcessCell gone = ended();
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      ProcessCell self = (ProcessCell) ctx;
      ctx.trapExits(true);
      Signals.link(self, gone);
      MonitorRef ref = Signals.monitor(self, gone);
      List<Object> out = new ArrayList<>();
      out.add(ctx.receive(ExitSignal.class, Duration.ZERO).orElseThrow().reason().toString());
      out.add(ctx.receive(Down.class, Duration.ZERO).orElseThrow().ref() == ref);
      out.add(Signals.watchCall(gone, new CompletableFuture<>()));
      out.add(ctx.isTrappingExits());
      ctx.trapExits(false);
      out.add(ctx.isTrappingExits());
      got.complete(out);
    }).join();
    assertThat(got.get().get(0).toString()).contains("noproc");
    assertThat(got.get()).containsSequence(true, null, true, false);
  }

  @Test
  void aProcessMayLinkUnlinkAndMonitorItselfHarmlessly() throws Exception {
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    CountDownLatch lastReceive = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> {
      List<Object> out = new ArrayList<>();
      out.add(ctx.isTrappingExits());
      ctx.link(ctx.self());
      ctx.unlink(ctx.self());
      ctx.unlink(new Pid(123_456));
      MonitorRef first = ctx.monitor(ctx.self());
      assertThat(first.toString()).startsWith("#Ref<" + ctx.self().id() + "." + ctx.self().id() + ".");
      assertThat(ctx.send(ctx.self(), "to myself")).isTrue();
      assertThat(ctx.receive()).isEqualTo("to myself");
      out.add(ctx.demonitor(first));
      out.add(ctx.demonitor(first));
      ctx.monitor(ctx.self());
      lastReceive.countDown();
      out.add(ctx.receive(Duration.ofSeconds(Long.MAX_VALUE / 2)));
      got.complete(out);
    });
    // The latch first: introspection takes the process's link lock, so while the process links and
    // monitors, polling its state can see it blocked on that lock rather than waiting in a receive.
    lastReceive.await();
    MessagingTest.awaitWaiting(runtime, p.pid());
    p.send("wake");
    assertThat(got.get()).containsExactly(false, true, false, Optional.of("wake"));
    assertThat(p.join()).isEqualTo(Exit.normal());
    LinksTest.assertNoBookkeeping(p);
  }

  @Test
  void aLinkedOrMonitoredSpawnWhoseThreadFailsToStartLeavesNoLinkOrMonitorBehind() throws Exception {
    OutOfMemoryError noThreads = new OutOfMemoryError("unable to create native thread");
    boolean[] fail = {false};
    try (ProcessRuntime failing = ProcessRuntime.builder().threadFactory(r -> fail[0]
        ? new Thread(r) {
          @Override
          public synchronized void start() {
            throw noThreads;
          }
        }
        : Thread.ofVirtual().unstarted(r)).build()) {
      CompletableFuture<ProcessInfo.Links> after = new CompletableFuture<>();
      CountDownLatch done = new CountDownLatch(1);
      failing.spawn(ctx -> {
        fail[0] = true;
        try {
          ctx.spawnLink(c -> {});
        } catch (OutOfMemoryError expected) {
          // as planned
        }
        try {
          ctx.spawnMonitor(c -> {});
        } catch (OutOfMemoryError expected) {
          // as planned
        }
        after.complete(failing.info(ctx.self()).orElseThrow().links());
        done.countDown();
      });
      assertThat(after.get()).isEqualTo(ProcessInfo.Links.NONE);
      done.await();
    }
  }

  @Test
  void othersThatFoundASpawnWhoseThreadFailsToStartSeeItEndWithNoproc() throws Exception {
    OutOfMemoryError noThreads = new OutOfMemoryError("unable to create native thread");
    AtomicReference<Runnable> beforeFailing = new AtomicReference<>();
    try (ProcessRuntime failing = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO)
        .threadFactory(r -> {
          Runnable before = beforeFailing.get();
          return before == null ? Thread.ofVirtual().unstarted(r) : new Thread(r) {
            @Override
            public synchronized void start() {
              before.run();
              throw noThreads;
            }
          };
        }).build()) {
      CompletableFuture<Down> down = new CompletableFuture<>();
      CountDownLatch monitoring = new CountDownLatch(1);
      ProcessRef watcher = failing.spawn(ctx -> {
        Pid child = (Pid) ctx.receive();
        ctx.monitor(child);
        monitoring.countDown();
        down.complete(ctx.receive(Down.class));
      });
      AtomicReference<ProcessRef> found = new AtomicReference<>();
      AtomicReference<CompletableFuture<Object>> asked = new AtomicReference<>();
      // Between the table insert and the failed start, the pid can be found, monitored and asked.
      beforeFailing.set(() -> {
        Pid child = failing.processes(10).stream().map(ProcessInfo::pid)
            .filter(p -> !p.equals(watcher.pid())).findFirst().orElseThrow();
        found.set(failing.find(child).orElseThrow());
        watcher.send(child);
        try {
          monitoring.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        asked.set(failing.ask(child, r -> r, Duration.ofMinutes(1)));
      });
      assertThatThrownBy(() -> failing.spawn(ctx -> {})).isSameAs(noThreads);
      beforeFailing.set(null);
      Pid child = found.get().pid();
      assertThat(down.get().pid()).isEqualTo(child);
      assertThat(down.get().reason().toString()).contains("noproc");
      assertThatThrownBy(() -> asked.get().get()).cause().isInstanceOf(ProcessExitedException.class)
          .hasMessageContaining(child.toString());
      assertThat(found.get().join().toString()).contains("noproc");
      assertThat(found.get().isAlive()).isFalse();
      assertThat(found.get().kill()).isFalse();
      watcher.join();
      assertThat(failing.messagesSent()).isEqualTo(failing.messagesDelivered() + failing.deadLetters());
      assertThat(failing.messagesDelivered())
          .isEqualTo(failing.messagesReceived() + failing.messagesDropped());
    }
  }

  @Test
  void aSnapshotListsAtMostThirtyTwoLinkedPidsButCountsThemAll() throws Exception {
    CountDownLatch linked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<ProcessRef> children = new ArrayList<>();
    ProcessRef hub = runtime.spawn(ctx -> {
      for (int i = 0; i < 40; i++) {
        children.add(ctx.spawnLink(c -> release.await()));
      }
      linked.countDown();
      ctx.receive();
    });
    linked.await();
    ProcessInfo.Links links = runtime.info(hub.pid()).orElseThrow().links();
    assertThat(links.count()).isEqualTo(40);
    assertThat(links.pids()).hasSize(ProcessInfo.MAX_LINKED_PIDS);
    release.countDown();
    hub.send("done");
    assertThat(hub.join()).isEqualTo(Exit.normal());
    for (ProcessRef c : children) {
      c.join();
    }
    LinksTest.assertNoBookkeeping(hub);
  }

  @Test
  void aCascadeNamesItsOriginWhenItIsNotTheNextProcess() {
    Exit.Killed second = Exit.Killed.byLinkedExit(new Pid(1), Exit.failed(new IllegalStateException("x")));
    Exit.Killed third = Exit.Killed.byLinkedExit(new Pid(2), second);
    assertThat(third.from()).isEqualTo(new Pid(2));
    assertThat(third.origin()).isEqualTo(new Pid(1));
    assertThat(third.toString()).isEqualTo(
        "killed by linked <0.2.0> (from <0.1.0>): failed: java.lang.IllegalStateException: x");
    assertThat(Exit.Killed.byLinkedExit(new Pid(3), Exit.killed()).reason()).isEqualTo(Exit.killed());
    assertThat(Exit.killed().toString()).isEqualTo("killed");
    assertThat(((Exit.Killed) Exit.killed()).isLinked()).isFalse();
  }

  @Test
  void aLinkedKillLosesToAPlainKillThatCameFirst() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ProcessCell p = (ProcessCell) runtime.spawn(ctx -> {
      started.countDown();
      ctx.receive();
    });
    started.await();
    assertThat(p.kill()).isTrue();
    assertThat(p.kill(Exit.Killed.byLinkedExit(new Pid(9), Exit.killed()))).isFalse();
    assertThat(p.join()).isEqualTo(Exit.killed());
    assertThat(p.kill(Exit.Killed.byLinkedExit(new Pid(9), Exit.killed()))).isFalse();
  }

  @Test
  void replyToDescribesItsCaller() throws Exception {
    CompletableFuture<ReplyTo<String>> seen = new CompletableFuture<>();
    ProcessRef server = runtime.spawn(ctx -> {
      @SuppressWarnings("unchecked")
      ReplyTo<String> r = (ReplyTo<String>) ctx.receive();
      seen.complete(r);
      assertThat(r.isWaiting()).isTrue();
      r.reply("ok");
      assertThat(r.isWaiting()).isFalse();
    });
    assertThat(runtime.<String>ask(server.pid(), r -> r, Duration.ofSeconds(30)).get()).isEqualTo("ok");
    assertThat(seen.get().toString()).isEqualTo("ReplyTo[ask]");
    assertThatThrownBy(() -> seen.get().reply(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    CompletableFuture<String> described = new CompletableFuture<>();
    ProcessRef echo = runtime.spawn(ctx -> {
      @SuppressWarnings("unchecked")
      ReplyTo<String> r = (ReplyTo<String>) ctx.receive();
      described.complete(r.toString());
      r.reply("ok");
    });
    ProcessRef caller = runtime.spawn(ctx -> ctx.<String>call(echo.pid(), r -> r, Duration.ofSeconds(30)));
    assertThat(caller.join()).isEqualTo(Exit.normal());
    assertThat(described.get()).isEqualTo("ReplyTo[" + caller.pid() + "]");
  }
}
