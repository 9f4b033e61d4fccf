package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A process part way through its exit: out of the table, its exit recorded, and its links and monitors
 * not all signalled yet. Each test holds the exit there by holding the lock of a process it signals
 * first, so the interleaving is fixed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndingProcessTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void joinAndOnExitWaitUntilTheExitHasSignalledEveryMonitor() throws Exception {
    ProcessRef target = runtime.spawn(ctx -> ctx.receive());
    CountDownLatch firstMonitors = new CountDownLatch(1);
    CountDownLatch secondMonitors = new CountDownLatch(1);
    CompletableFuture<Down> firstDown = new CompletableFuture<>();
    ProcessRef first = runtime.spawn(ctx -> {
      ctx.monitor(target.pid());
      firstMonitors.countDown();
      firstDown.complete(ctx.receive(Down.class));
    });
    firstMonitors.await();
    ProcessRef second = runtime.spawn(ctx -> {
      ctx.monitor(target.pid());
      secondMonitors.countDown();
      ctx.receive(Down.class);
    });
    secondMonitors.await();
    Optional<Exit> joinedMeanwhile;
    boolean onExitDoneMeanwhile;
    CompletableFuture<Exit> onExit;
    synchronized (((ProcessCell) second).signals()) {
      target.kill();
      firstDown.get();
      joinedMeanwhile = target.join(Duration.ZERO);
      onExitDoneMeanwhile = target.onExit().isDone();
      onExit = target.onExit();
    }
    assertThat(joinedMeanwhile).as("join while a Down is still to be sent").isEmpty();
    assertThat(onExitDoneMeanwhile).as("onExit while a Down is still to be sent").isFalse();
    assertThat(target.join()).isEqualTo(Exit.killed());
    assertThat(onExit.get()).isEqualTo(Exit.killed());
    assertThat(runtime.downsDelivered()).as("Downs sent when join returned").isEqualTo(2);
    second.join();
    first.join();
  }

  /** t, linked to x, throws on go; its exit signals x first, so holding x's lock holds t's exit. */
  private record Crash(ProcessRef x, ProcessRef t, CountDownLatch go) {

    /**
     * Lets t crash and, while its exit waits at x's lock, once {@code reached} holds, lets the process
     * under test act ({@code act}) and waits until it has ({@code acted}).
     */
    void holdingItsExitOnceIt(BooleanSupplier reached, CountDownLatch act, CountDownLatch acted)
        throws InterruptedException {
      synchronized (((ProcessCell) x).signals()) {
        go.countDown();
        while (!reached.getAsBoolean()) {
          Thread.onSpinWait();
        }
        act.countDown();
        acted.await();
      }
    }
  }

  private Crash linkedCrash() throws InterruptedException {
    ProcessRef x = runtime.spawn(ctx -> ctx.receive());
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch xLinked = new CountDownLatch(1);
    ProcessRef t = runtime.spawn(ctx -> {
      ctx.link(x.pid());
      xLinked.countDown();
      go.await();
      throw new IllegalStateException("crash");
    });
    xLinked.await();
    return new Crash(x, t, go);
  }

  @Test
  void unlinkFromAProcessThatIsEndingTakesEffect() throws Exception {
    Crash crash = linkedCrash();
    ProcessRef x = crash.x();
    ProcessRef t = crash.t();
    CountDownLatch linked = new CountDownLatch(1);
    CountDownLatch unlinkNow = new CountDownLatch(1);
    CountDownLatch unlinked = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> {
      ctx.link(t.pid());
      linked.countDown();
      unlinkNow.await();
      ctx.unlink(t.pid());
      unlinked.countDown();
      ctx.receive(String.class);
    });
    linked.await();
    crash.holdingItsExitOnceIt(() -> runtime.find(t.pid()).isEmpty(), unlinkNow, unlinked);
    assertThat(x.join()).isInstanceOf(Exit.Killed.class);
    t.join();
    p.send("end");
    assertThat(p.join()).as("p unlinked t before t signalled it").isEqualTo(Exit.normal());
  }

  @Test
  void linkingAgainToALinkedProcessThatIsEndingAddsNoSecondSignal() throws Exception {
    Crash crash = linkedCrash();
    ProcessRef t = crash.t();
    CountDownLatch linked = new CountDownLatch(1);
    CountDownLatch relinkNow = new CountDownLatch(1);
    CountDownLatch relinked = new CountDownLatch(1);
    CompletableFuture<List<Object>> got = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      ctx.trapExits(true);
      ctx.link(t.pid());
      linked.countDown();
      relinkNow.await();
      ctx.link(t.pid());
      relinked.countDown();
      List<Object> signals = new ArrayList<>();
      for (Object m = ctx.receive(); !m.equals("end"); m = ctx.receive()) {
        signals.add(m);
      }
      got.complete(signals);
    });
    linked.await();
    crash.holdingItsExitOnceIt(() -> !t.isAlive(), relinkNow, relinked);
    // x and t gone, and t's exit done with its links: only p is left.
    while (runtime.live() != 1) {
      Thread.onSpinWait();
    }
    p.send("end");
    p.join();
    assertThat(got.get()).singleElement().isInstanceOfSatisfying(ExitSignal.class, s -> {
      assertThat(s.from()).isEqualTo(t.pid());
      assertThat(s.reason()).isInstanceOf(Exit.Failed.class);
    });
  }

  @Test
  void anExitCallbackOnTheProcessThreadCannotLinkMonitorOrReceive() throws Exception {
    ProcessRef other = runtime.spawn(ctx -> ctx.receive());
    CompletableFuture<ProcessContext> context = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      context.complete(ctx);
      ctx.receive();
    });
    ProcessContext ctx = context.get();
    List<Throwable> refused = new ArrayList<>();
    // Registered before the exit, so it runs on p's own thread, as the exit completes the future.
    CompletableFuture<Void> callback = p.onExit().thenRun(() -> {
      for (Runnable call : List.<Runnable>of(
          () -> ctx.link(other.pid()),
          () -> ctx.monitor(other.pid()),
          () -> ctx.trapExits(true),
          () -> {
            try {
              ctx.receive(Duration.ZERO);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          })) {
        try {
          call.run();
        } catch (Throwable t) {
          refused.add(t);
        }
      }
    });
    p.send("go");
    callback.get();

    assertThat(refused).hasSize(4).allSatisfy(t -> assertThat(t)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("process " + p.pid() + "'s body, and the process has exited"));
    ProcessInfo.Links links = runtime.info(other.pid()).orElseThrow().links();
    assertThat(links.count()).isZero();
    assertThat(links.monitoredBy()).isZero();
  }

  @Test
  void aFailureIsLoggedBeforeTheProcessLeavesTheLiveCountAndItsJoinersWake() throws Exception {
    CountDownLatch logging = new CountDownLatch(1);
    CountDownLatch logged = new CountDownLatch(1);
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ProcessRuntime.class.getName());
    java.util.logging.Handler handler = handler(r -> {
      if (r.getMessage().contains(" failed")) {
        logging.countDown();
        try {
          logged.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    logger.addHandler(handler);
    try {
      CountDownLatch fail = new CountDownLatch(1);
      ProcessRef p = runtime.spawn(ctx -> {
        fail.await();
        throw new IllegalStateException("boom");
      });
      CompletableFuture<Exit> onExit = p.onExit();
      fail.countDown();
      logging.await();
      long liveWhileLogging = runtime.live();
      boolean exitedWhileLogging = onExit.isDone();
      logged.countDown();

      assertThat(liveWhileLogging).as("live while the failure is logged").isEqualTo(1);
      assertThat(exitedWhileLogging).as("onExit done while the failure is logged").isFalse();
      assertThat(p.join()).isInstanceOf(Exit.Failed.class);
      assertThat(runtime.live()).isZero();
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aLoggingBackendThatThrowsLosesItsLineButNotTheExit() throws Exception {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ProcessRuntime.class.getName());
    java.util.logging.Handler throwing = handler(r -> {
      throw new IllegalStateException("appender down");
    });
    logger.addHandler(throwing);
    try {
      ProcessRef p = runtime.spawn(ctx -> {
        throw new IllegalStateException("boom");
      });
      assertThat(p.join()).isInstanceOf(Exit.Failed.class);
      assertThat(runtime.live()).isZero();
    } finally {
      logger.removeHandler(throwing);
    }
  }

  @Test
  void aKillRacingTheBodysReturnLeavesNoInterruptForTheExitCallbacks() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean returning = new java.util.concurrent.atomic.AtomicBoolean();
    // A thread that kills its own process the first time the exit path asks whether it is interrupted
    // after the body returned: a kill landing between the return and the exit's decision.
    try (ProcessRuntime racing = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO)
        .threadFactory(r -> new Thread(r) {
          private boolean raced;

          @Override
          public boolean isInterrupted() {
            boolean seen = super.isInterrupted();
            if (!raced && returning.get() && Thread.currentThread() == this) {
              raced = true;
              ((ProcessRef) r).kill();
            }
            return seen;
          }
        }).build()) {
      ProcessRef p = racing.spawn(ctx -> {
        go.await();
        returning.set(true);
      });
      CompletableFuture<Boolean> interruptedInCallback = new CompletableFuture<>();
      p.onExit().thenRun(() -> interruptedInCallback.complete(Thread.currentThread().isInterrupted()));
      go.countDown();
      p.join();
      assertThat(interruptedInCallback.get()).as("interrupted in an exit callback on the exiting thread").isFalse();
    }
  }

  /** A log handler that does {@code publish} with every record. */
  private static java.util.logging.Handler handler(java.util.function.Consumer<java.util.logging.LogRecord> publish) {
    return new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        publish.accept(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
