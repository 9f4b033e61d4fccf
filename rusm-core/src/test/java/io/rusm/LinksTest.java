package io.rusm;

import static io.rusm.MessagingTest.awaitWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinksTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  /** A process that waits in receive until killed or told to stop, doing what it is sent. */
  private ProcessRef idle() {
    return runtime.spawn(ctx -> {
      while (true) {
        if (ctx.receive() instanceof ProcessBody job) {
          job.run(ctx);
        }
      }
    });
  }

  private static void run(ProcessRef p, ProcessBody job) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    p.send((ProcessBody) ctx -> {
      try {
        job.run(ctx);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
        throw t;
      }
    });
    done.get();
  }

  static void assertNoBookkeeping(ProcessRef... refs) {
    for (ProcessRef r : refs) {
      Signals s = ((ProcessCell) r).signalsOrNull();
      assertThat(s == null || s.isEmpty()).as("links and monitors of %s", r).isTrue();
    }
  }

  @Test
  void linksAreBidirectionalIdempotentAndRemovedFromBothSides() throws Exception {
    ProcessRef a = idle();
    ProcessRef b = idle();
    run(a, ctx -> {
      ctx.link(b.pid());
      ctx.link(b.pid());
      ctx.link(ctx.self());
    });
    assertThat(runtime.info(a.pid()).orElseThrow().links())
        .isEqualTo(new ProcessInfo.Links(1, List.of(b.pid()), 0, 0, false));
    assertThat(runtime.info(b.pid()).orElseThrow().links().pids()).containsExactly(a.pid());
    run(b, ctx -> ctx.unlink(a.pid()));
    assertThat(runtime.info(a.pid()).orElseThrow().links().count()).isZero();
    assertThat(runtime.info(b.pid()).orElseThrow().links().count()).isZero();
    a.kill();
    assertThat(a.join()).isEqualTo(Exit.killed());
    assertThat(b.isAlive()).isTrue();
    b.kill();
    b.join();
    assertNoBookkeeping(a, b);
  }

  @Test
  void anAbnormalExitKillsLinkedProcessesWaitingInReceiveAndANormalOneKillsNobody() throws Exception {
    ProcessRef survivor = idle();
    ProcessRef normal = runtime.spawn(ctx -> {
      ctx.link(survivor.pid());
      ctx.receive(String.class);
    });
    awaitWaiting(runtime, normal.pid());
    normal.send("done");
    assertThat(normal.join()).isEqualTo(Exit.normal());
    assertThat(survivor.isAlive()).isTrue();

    ProcessRef failing = runtime.spawn(ctx -> {
      ctx.link(survivor.pid());
      ctx.receive(String.class);
      throw new IllegalStateException("boom");
    });
    awaitWaiting(runtime, failing.pid());
    awaitWaiting(runtime, survivor.pid());
    failing.send("go");
    Exit victim = survivor.join();
    assertThat(victim.outcome()).isEqualTo(Exit.Outcome.KILLED);
    Exit.Killed killed = (Exit.Killed) victim;
    assertThat(killed.isLinked()).isTrue();
    assertThat(killed.from()).isEqualTo(failing.pid());
    assertThat(killed.origin()).isEqualTo(failing.pid());
    assertThat(killed.reason()).isInstanceOf(Exit.Failed.class);
    assertThat(killed.toString()).contains("killed by linked " + failing.pid(), "boom");
    assertThat(runtime.linkedExits()).isEqualTo(1);
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isEqualTo(1);
    assertNoBookkeeping(survivor, normal, failing);
  }

  @Test
  void aLongChainCarriesTheOriginAndTheRootReasonWithoutNesting() throws Exception {
    int length = 2_000;
    List<ProcessRef> chain = new ArrayList<>();
    CountDownLatch linked = new CountDownLatch(length - 1);
    chain.add(idle());
    for (int i = 1; i < length; i++) {
      Pid previous = chain.get(i - 1).pid();
      chain.add(runtime.spawn(ctx -> {
        ctx.link(previous);
        linked.countDown();
        ctx.receive();
      }));
    }
    linked.await();
    ProcessRef head = chain.get(0);
    head.kill();
    for (ProcessRef p : chain) {
      p.join();
    }
    Exit.Killed last = (Exit.Killed) chain.get(length - 1).join();
    assertThat(last.from()).isEqualTo(chain.get(length - 2).pid());
    assertThat(last.origin()).isEqualTo(head.pid());
    assertThat(last.reason()).isEqualTo(Exit.killed());
    assertThat(runtime.linkedExits()).isEqualTo(length - 1);
    // live() drops a moment after a joined process is no longer alive: shutdown waits for it.
    assertThat(runtime.shutdown(Duration.ZERO, Duration.ofSeconds(30))).isTrue();
    assertThat(runtime.live()).isZero();
    assertNoBookkeeping(chain.toArray(ProcessRef[]::new));
  }

  @Test
  void aTrappingProcessReceivesEveryExitAsAMessageButAKillStillKillsIt() throws Exception {
    CompletableFuture<List<Object>> signals = new CompletableFuture<>();
    CountDownLatch ready = new CountDownLatch(1);
    ProcessRef[] children = new ProcessRef[2];
    CountDownLatch go = new CountDownLatch(1);
    ProcessRef trapper = runtime.spawn(ctx -> {
      ctx.trapExits(true);
      assertThat(ctx.isTrappingExits()).isTrue();
      children[0] = ctx.spawnLink(c -> go.await());
      children[1] = ctx.spawnLink("failing", c -> {
        go.await();
        throw new IllegalStateException("child failed");
      });
      ready.countDown();
      List<Object> got = new ArrayList<>();
      got.add(ctx.receive(ExitSignal.class));
      got.add(ctx.receive(ExitSignal.class));
      signals.complete(got);
      ctx.receive();
    });
    ready.await();
    go.countDown();
    List<Object> got = signals.get();
    assertThat(got).extracting(m -> ((ExitSignal) m).from())
        .containsExactlyInAnyOrder(children[0].pid(), children[1].pid());
    assertThat(got).extracting(m -> ((ExitSignal) m).reason().outcome())
        .containsExactlyInAnyOrder(Exit.Outcome.NORMAL, Exit.Outcome.FAILED);
    // A signal is counted after it is delivered, on the ending child's thread, which a join waits for.
    children[0].join();
    children[1].join();
    assertThat(runtime.exitSignalsTrapped()).isEqualTo(2);
    assertThat(trapper.kill()).isTrue();
    assertThat(trapper.join()).isEqualTo(Exit.killed());
  }

  @Test
  void linkingToAPidThatIsGoneIsNoproc() throws Exception {
    Pid gone = new Pid(987_654);
    CompletableFuture<Object> trapped = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      ctx.trapExits(true);
      ctx.link(gone);
      trapped.complete(ctx.receive(Duration.ZERO).orElseThrow());
    }).join();
    ExitSignal signal = (ExitSignal) trapped.get();
    assertThat(signal.from()).isEqualTo(gone);
    assertThat(signal.reason().toString()).contains("noproc", "<0.987654.0>");

    ProcessRef notTrapping = runtime.spawn(ctx -> {
      ctx.link(gone);
      ctx.receive();
    });
    Exit.Killed exit = (Exit.Killed) notTrapping.join();
    assertThat(exit.from()).isEqualTo(gone);
    assertThat(exit.reason().toString()).contains("noproc");

    ProcessRef ended = runtime.spawn(ctx -> {});
    ended.join();
    ProcessRef late = runtime.spawn(ctx -> {
      ctx.link(ended.pid());
      ctx.receive();
    });
    assertThat(late.join().toString()).contains("noproc");
  }

  @Test
  void monitorsAreOneWayStackAndEachDeliversOneDown() throws Exception {
    ProcessRef target = idle();
    CompletableFuture<List<Down>> downs = new CompletableFuture<>();
    CountDownLatch monitoring = new CountDownLatch(1);
    ProcessRef watcher = runtime.spawn(ctx -> {
      MonitorRef first = ctx.monitor(target.pid());
      MonitorRef second = ctx.monitor(target.pid());
      assertThat(first).isNotEqualTo(second);
      assertThat(first.pid()).isEqualTo(target.pid());
      monitoring.countDown();
      List<Down> got = new ArrayList<>();
      got.add(ctx.receive(Down.class));
      got.add(ctx.receive(Down.class));
      assertThat(ctx.receive(Down.class, Duration.ofMillis(20))).isEmpty();
      assertThat(got).extracting(Down::ref).containsExactlyInAnyOrder(first, second);
      downs.complete(got);
    });
    monitoring.await();
    assertThat(runtime.info(target.pid()).orElseThrow().links().monitoredBy()).isEqualTo(2);
    assertThat(runtime.info(watcher.pid()).orElseThrow().links().monitoring()).isEqualTo(2);
    target.kill();
    assertThat(downs.get()).allSatisfy(d -> {
      assertThat(d.pid()).isEqualTo(target.pid());
      assertThat(d.reason()).isEqualTo(Exit.killed());
    });
    assertThat(watcher.join()).isEqualTo(Exit.normal());
    // A Down is counted after it is delivered, on the target's thread, which a join waits for.
    target.join();
    assertThat(runtime.downsDelivered()).isEqualTo(2);
    assertNoBookkeeping(target, watcher);
  }

  @Test
  void monitoringAPidThatIsGoneDeliversNoprocAtOnce() throws Exception {
    CompletableFuture<Down> down = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      MonitorRef ref = ctx.monitor(new Pid(555_555));
      down.complete(ctx.receive(Down.class, Duration.ZERO).orElseThrow());
      assertThat(down.get().ref()).isSameAs(ref);
      assertThat(ctx.demonitor(ref)).isFalse();
    }).join();
    assertThat(down.get().reason().toString()).contains("noproc");
  }

  @Test
  void demonitorStopsTheDownAndFlushesOneAlreadyDelivered() throws Exception {
    ProcessRef target = idle();
    ProcessRef other = idle();
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    CountDownLatch monitored = new CountDownLatch(1);
    CountDownLatch otherGone = new CountDownLatch(1);
    runtime.spawn(ctx -> {
      MonitorRef active = ctx.monitor(target.pid());
      MonitorRef delivered = ctx.monitor(other.pid());
      monitored.countDown();
      otherGone.await();
      List<Object> out = new ArrayList<>();
      out.add(ctx.demonitor(active));
      out.add(ctx.demonitor(delivered));
      out.add(ctx.demonitor(active));
      out.add(ctx.receive(Duration.ofMillis(20)));
      result.complete(out);
    });
    monitored.await();
    other.kill();
    other.join();
    otherGone.countDown();
    assertThat(result.get()).containsExactly(true, false, false, java.util.Optional.empty());
    target.kill();
    target.join();
    assertNoBookkeeping(target, other);
  }

  @Test
  void aDownOrExitSignalComesAfterEveryMessageItsProcessSentBefore() throws Exception {
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    CountDownLatch trapping = new CountDownLatch(1);
    CompletableFuture<Pid> senderPid = new CompletableFuture<>();
    ProcessRef receiver = runtime.spawn(ctx -> {
      ctx.trapExits(true);
      ctx.monitor(senderPid.get());
      trapping.countDown();
      List<Object> all = new ArrayList<>();
      for (int i = 0; i < 1_002; i++) {
        all.add(ctx.receive());
      }
      got.complete(all);
    });
    CountDownLatch go = new CountDownLatch(1);
    ProcessRef sender = runtime.spawn(ctx -> {
      go.await();
      ctx.link(receiver.pid());
      for (int i = 0; i < 1_000; i++) {
        receiver.send(i);
      }
    });
    senderPid.complete(sender.pid());
    trapping.await();
    go.countDown();
    assertThat(sender.join()).isEqualTo(Exit.normal());
    List<Object> all = got.get();
    assertThat(all.subList(0, 1_000)).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 1_000).boxed().toList());
    assertThat(all.subList(1_000, 1_002)).extracting(Object::getClass)
        .containsExactlyInAnyOrder((Class) ExitSignal.class, (Class) Down.class);
  }

  @Test
  void aCallFailsAtOnceWhenItsServerEndsBeforeReplying() throws Exception {
    ProcessRef server = runtime.spawn(ctx -> {
      ctx.receive();
      throw new IllegalStateException("server crashed");
    });
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      try {
        Object never = ctx.call(server.pid(), r -> "request", Duration.ofDays(1));
        failure.complete(new AssertionError("replied " + never));
      } catch (ProcessExitedException e) {
        failure.complete(e);
      }
    }).join();
    ProcessExitedException e = (ProcessExitedException) failure.get();
    assertThat(e.pid()).isEqualTo(server.pid());
    assertThat(e.reason()).isInstanceOf(Exit.Failed.class);
    assertThat(e).hasMessageContaining(server.pid().toString()).hasMessageContaining("server crashed");

    ProcessRef silent = runtime.spawn(ctx -> ctx.receive(Integer.class));
    CompletableFuture<Object> asked = runtime.ask(silent.pid(), r -> "request", Duration.ofDays(1));
    awaitWaiting(runtime, silent.pid());
    silent.kill();
    assertThatThrownBy(asked::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ProcessExitedException.class).hasMessageContaining("killed");
    assertNoBookkeeping(server, silent);
  }

  @Test
  void badArgumentsAndForeignThreadsAreRefused() throws Exception {
    CompletableFuture<ProcessContext> leaked = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      leaked.complete(ctx);
      ctx.receive();
    });
    ProcessContext ctx = leaked.get();
    assertThatThrownBy(() -> ctx.link(null)).isInstanceOf(NullPointerException.class).hasMessage("other");
    assertThatThrownBy(() -> ctx.monitor(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("other");
    assertThatThrownBy(() -> ctx.demonitor(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("ref");
    assertThatThrownBy(() -> ctx.link(p.pid())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("link is for process");
    assertThatThrownBy(() -> ctx.monitor(p.pid())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ctx.trapExits(true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ctx.spawnLink(c -> {})).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ctx.spawnMonitor(c -> {})).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ctx.unlink(p.pid())).isInstanceOf(IllegalStateException.class);
    CompletableFuture<List<Object>> inside = new CompletableFuture<>();
    CompletableFuture<MonitorRef> foreign = new CompletableFuture<>();
    runtime.spawn(c -> foreign.complete(c.monitor(p.pid()))).join();
    runtime.spawn(c -> {
      List<Object> out = new ArrayList<>();
      out.add(c.demonitor(foreign.get()));
      try {
        c.spawnLink(null);
      } catch (NullPointerException e) {
        out.add(e.getMessage());
      }
      Monitored m = c.spawnMonitor(x -> {});
      out.add(c.receive(Down.class).ref() == m.ref());
      inside.complete(out);
    }).join();
    assertThat(inside.get()).containsExactly(false, "body", true);
    p.kill();
  }
}
