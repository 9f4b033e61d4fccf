package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpawnJoinTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void aBodyThatReturnsExitsNormallyAndIsReaped() throws Exception {
    AtomicReference<ProcessContext> seen = new AtomicReference<>();
    ProcessRef handle = runtime.spawn("greeter", seen::set);

    assertThat(handle.join()).isEqualTo(Exit.normal());
    assertThat(handle.isAlive()).isFalse();
    assertThat(handle.name()).contains("greeter");
    assertThat(seen.get().self()).isEqualTo(handle.pid());
    assertThat(seen.get().name()).contains("greeter");
    assertThat(seen.get().runtime()).isSameAs(runtime);
    assertThat(seen.get().isKilled()).isFalse();
    assertThat(runtime.spawned()).isEqualTo(1);
    assertThat(runtime.finished()).isEqualTo(1);
    assertThat(runtime.finished(Exit.Outcome.NORMAL)).isEqualTo(1);
    assertThat(runtime.live()).isZero();
    assertThat(runtime.find(handle.pid())).isEmpty();
  }

  @Test
  void pidsAreUniqueAndIncreasing() throws Exception {
    ProcessRef a = runtime.spawn(ctx -> {});
    ProcessRef b = runtime.spawn(ctx -> {});
    assertThat(b.pid()).isGreaterThan(a.pid());
    assertThat(a.name()).isEmpty();
    a.join();
    b.join();
  }

  @Test
  void aHandleIsEqualOnlyToItselfAndHashesThePid() throws Exception {
    ProcessRef a = runtime.spawn(ctx -> {});
    ProcessRef b = runtime.spawn(ctx -> {});
    assertThat(a).isEqualTo(a).isNotEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(Long.hashCode(a.pid().id()));
    a.join();
    assertThat(a.hashCode()).as("the same after the process has gone").isEqualTo(Long.hashCode(a.pid().id()));
    b.join();
  }

  @Test
  void withAPrefixTheVirtualThreadIsNamedAfterThePid() throws Exception {
    try (ProcessRuntime named = ProcessRuntime.builder().threadNamePrefix("proc-").build()) {
      CompletableFuture<Thread> thread = new CompletableFuture<>();
      ProcessRef handle = named.spawn(ctx -> thread.complete(Thread.currentThread()));
      handle.join();
      assertThat(thread.get().isVirtual()).isTrue();
      assertThat(thread.get().getName()).isEqualTo("proc-" + handle.pid().id());
    }
  }

  @Test
  void byDefaultThreadsAreUnnamedVirtualThreads() throws Exception {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    runtime.spawn(ctx -> thread.complete(Thread.currentThread())).join();
    assertThat(thread.get().isVirtual()).isTrue();
    assertThat(thread.get().getName()).isEmpty();
  }

  @Test
  void anExceptionFailsOnlyItsOwnProcess() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef bystander = runtime.spawn(ctx -> release.await());
    IllegalStateException boom = new IllegalStateException("boom");
    ProcessRef failing = runtime.spawn(ctx -> {
      throw boom;
    });

    assertThat(failing.join()).isEqualTo(Exit.failed(boom));
    assertThat(bystander.isAlive()).isTrue();
    release.countDown();
    assertThat(bystander.join()).isEqualTo(Exit.normal());
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isEqualTo(1);
    assertThat(runtime.finished(Exit.Outcome.NORMAL)).isEqualTo(1);
    assertThat(runtime.spawn(ctx -> {}).join()).isEqualTo(Exit.normal());
  }

  @Test
  void anErrorIsAFailureAndStillCleansUp() throws Exception {
    StackOverflowError error = new StackOverflowError("deep");
    ProcessRef handle = runtime.spawn(ctx -> {
      throw error;
    });
    assertThat(handle.join()).isEqualTo(Exit.failed(error));
    assertThat(runtime.live()).isZero();
    assertThat(runtime.processes(10)).isEmpty();
  }

  @Test
  void joinWithATimeoutReturnsEmptyWhileAliveAndTheExitAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> release.await());
    assertThat(handle.join(Duration.ZERO)).isEmpty();
    assertThat(handle.join(Duration.ofMillis(1))).isEmpty();
    CompletableFuture<java.util.Optional<Exit>> joined = CompletableFuture.supplyAsync(() -> {
      try {
        return handle.join(Duration.ofSeconds(Long.MAX_VALUE)); // longer than nanoseconds can count
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    release.countDown();
    assertThat(joined.get()).contains(Exit.normal());
    assertThat(handle.join(Duration.ZERO)).contains(Exit.normal());
  }

  @Test
  void joinRejectsABadTimeout() {
    ProcessRef handle = runtime.spawn(ctx -> {});
    assertThatThrownBy(() -> handle.join(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be zero or positive, was PT-0.001S");
    assertThatThrownBy(() -> handle.join(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be zero or positive, was null");
  }

  @Test
  void aProcessCannotJoinItself() throws Exception {
    CompletableFuture<ProcessRef> self = new CompletableFuture<>();
    ProcessRef handle = runtime.spawn(ctx -> self.get().join());
    self.complete(handle);
    Exit exit = handle.join();
    assertThat(exit).isInstanceOfSatisfying(Exit.Failed.class, f -> assertThat(f.cause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("process " + handle.pid() + " cannot join itself"));

    CompletableFuture<ProcessRef> self2 = new CompletableFuture<>();
    ProcessRef timed = runtime.spawn(ctx -> self2.get().join(Duration.ofSeconds(1)));
    self2.complete(timed);
    assertThat(timed.join()).isInstanceOf(Exit.Failed.class);
  }

  @Test
  void aJoinIsInterruptible() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> release.await());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread joiner = Thread.ofVirtual().start(() -> {
      try {
        handle.join();
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    joiner.interrupt();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    release.countDown();
    handle.join();
  }

  @Test
  void onExitCompletesWithTheExitAndIsolatesCallers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> release.await());
    CompletableFuture<Exit> first = handle.onExit();
    CompletableFuture<Exit> second = handle.onExit();
    assertThat(first).isNotSameAs(second).isNotDone();
    first.cancel(false);
    release.countDown();
    assertThat(second.get()).isEqualTo(Exit.normal());
    assertThat(handle.onExit()).isCompletedWithValue(Exit.normal());
    assertThat(runtime.spawn(ctx -> {}).onExit().get()).isEqualTo(Exit.normal());
    assertThat(handle.join()).isEqualTo(Exit.normal());
  }

  @Test
  void onExitCallbacksSeeTheProcessAlreadyCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> release.await());
    CompletableFuture<Long> liveAtExit = handle.onExit().thenApply(exit -> runtime.live());
    release.countDown();
    assertThat(liveAtExit.get()).isZero();
  }

  @Test
  void processesSpawnProcessesThroughTheirContext() throws Exception {
    CompletableFuture<Exit> child = new CompletableFuture<>();
    ProcessRef parent = runtime.spawn(ctx -> {
      child.complete(ctx.spawn(c -> {}).join());
      ctx.spawn("named-child", c -> {}).join();
    });
    assertThat(parent.join()).isEqualTo(Exit.normal());
    assertThat(child.get()).isEqualTo(Exit.normal());
    assertThat(runtime.spawned()).isEqualTo(3);
  }

  @Test
  void describesItself() throws Exception {
    ProcessRef handle = runtime.spawn("worker", ctx -> {});
    assertThat(handle).hasToString(handle.pid() + " (worker)");
    handle.join();
    assertThat(runtime.spawn(ctx -> {})).hasToString("<0.1.0>");
    assertThat(runtime.toString()).startsWith("ProcessRuntime[live=").contains("maxProcesses=1048576")
        .doesNotContain("shut down");
  }
}
