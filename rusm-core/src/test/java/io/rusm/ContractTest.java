package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The public API's promises at its edges: values, and calls from where they cannot do their job. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContractTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void aProcessCannotShutDownOrAwaitTheRuntimeItRunsIn() throws Exception {
    CompletableFuture<List<Throwable>> refused = new CompletableFuture<>();
    ProcessRef p = runtime.spawn(ctx -> {
      List<Throwable> thrown = new ArrayList<>();
      for (Runnable call : List.<Runnable>of(
          () -> ctx.runtime().shutdown(Duration.ZERO),
          () -> ctx.runtime().close(),
          () -> {
            try {
              ctx.runtime().awaitTermination(Duration.ZERO);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          })) {
        try {
          call.run();
        } catch (IllegalStateException e) {
          thrown.add(e);
        }
      }
      refused.complete(thrown);
    });
    assertThat(refused.get()).hasSize(3).allSatisfy(e -> assertThat(e).hasMessageContaining(
        "waits for every process to exit, and its caller, process " + p.pid() + ", is one"));
    assertThat(p.join()).isEqualTo(Exit.normal());
    assertThat(runtime.isShutdown()).as("a refused shutdown changes nothing").isFalse();
  }

  @Test
  void aVirtualThreadThatIsNotAProcessMayShutDown() throws Exception {
    ProcessRef p = runtime.spawn(ctx -> ctx.receive());
    Thread closer = Thread.ofVirtual().start(runtime::close);
    closer.join();
    assertThat(p.join()).isEqualTo(Exit.killed());
    assertThat(runtime.isTerminated()).isTrue();
  }

  @Test
  void joinFromAnExitCallbackOnTheExitingThreadReturnsTheExit() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ProcessRef p = runtime.spawn(ctx -> go.await());
    CompletableFuture<Object> seen = p.onExit().handle((e, t) -> {
      try {
        return p.join(Duration.ZERO);
      } catch (Throwable x) {
        return x;
      }
    });
    go.countDown();
    assertThat(seen.get()).isEqualTo(Optional.of(Exit.normal()));
  }

  @Test
  void aKilledProcessThatSwallowedTheInterruptIsToldSoByDemonitor() throws Exception {
    ProcessRef target = runtime.spawn(ctx -> ctx.receive());
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    runtime.spawn(ctx -> {
      MonitorRef ref = ctx.monitor(target.pid());
      ctx.runtime().kill(ctx.self());
      Thread.interrupted();
      try {
        outcome.complete(ctx.demonitor(ref));
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void noprocIsOneReasonPerPid() {
    Pid pid = new Pid(7);
    assertThat(Exit.noproc(pid)).isEqualTo(Exit.noproc(pid)).hasSameHashCodeAs(Exit.noproc(pid))
        .isNotEqualTo(Exit.noproc(new Pid(8)));
    assertThatNullPointerException().isThrownBy(() -> Exit.noproc(null)).withMessage("pid");
  }

  @Test
  void aKilledExitIsDirectOrNamesAllOfACascadeThatDoesNotNest() {
    Pid a = new Pid(1);
    Pid b = new Pid(2);
    assertThat(new Exit.Killed(null, null, null)).isEqualTo(Exit.killed());
    assertThat(new Exit.Killed(b, a, Exit.normal())).hasToString("killed by linked <0.2.0> (from <0.1.0>): normal");
    assertThatNullPointerException().isThrownBy(() -> new Exit.Killed(a, null, Exit.normal()))
        .withMessageStartingWith("origin");
    assertThatNullPointerException().isThrownBy(() -> new Exit.Killed(null, a, Exit.normal()))
        .withMessageStartingWith("from");
    assertThatNullPointerException().isThrownBy(() -> new Exit.Killed(a, a, null))
        .withMessageStartingWith("reason");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Exit.Killed(b, a, new Exit.Killed(a, a, Exit.normal())))
        .withMessageStartingWith("reason must be the origin's own exit, not a cascade");
  }

  @Test
  void aPidHasOneText() {
    assertThatIllegalArgumentException().isThrownBy(() -> Pid.parse("<0.042.0>"));
    assertThatIllegalArgumentException().isThrownBy(() -> Pid.parse("0.00.0"));
    assertThat(Pid.parse("0.0.0")).isEqualTo(new Pid(0));
    assertThat(Pid.parse("<0.42.0>")).isEqualTo(new Pid(42));
  }

  @Test
  void linksKeepTheirOwnCopyOfThePids() {
    List<Pid> pids = new ArrayList<>();
    ProcessInfo.Links links = new ProcessInfo.Links(0, pids, 0, 0, false);
    int hash = links.hashCode();
    pids.add(new Pid(1));
    assertThat(links.pids()).isEmpty();
    assertThat(links.hashCode()).isEqualTo(hash);
  }
}
