package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class IntrospectionTest {

  @Test
  void findAndSnapshotSeeLiveProcessesWithNameStateAndAge() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build()) {
      Instant before = Instant.now().minusMillis(5);
      CountDownLatch waiting = new CountDownLatch(1);
      CountDownLatch spinning = new CountDownLatch(1);
      ProcessRef sleeper = runtime.spawn("sleeper", ctx -> {
        waiting.countDown();
        Thread.sleep(Duration.ofDays(1));
      });
      ProcessRef spinner = runtime.spawn(ctx -> {
        spinning.countDown();
        while (!ctx.isKilled()) {
          Thread.onSpinWait();
        }
      });
      waiting.await();
      spinning.await();

      assertThat(runtime.find(sleeper.pid())).containsSame(sleeper);
      assertThat(runtime.info(sleeper.pid())).hasValueSatisfying(info -> {
        assertThat(info.pid()).isEqualTo(sleeper.pid());
        assertThat(info.name()).isEqualTo("sleeper");
      });
      assertThat(runtime.processes(1)).hasSize(1);
      assertThat(runtime.processes(0)).isEmpty();
      ProcessInfo sleeperInfo = awaitState(runtime, sleeper.pid(), ProcessState.WAITING);
      assertThat(sleeperInfo.name()).isEqualTo("sleeper");
      assertThat(sleeperInfo.startedAt()).isAfter(before).isBefore(Instant.now().plusMillis(5));
      assertThat(sleeperInfo.age(sleeperInfo.startedAt().plusSeconds(3))).isEqualTo(Duration.ofSeconds(3));
      assertThat(sleeperInfo.age(sleeperInfo.startedAt().minusSeconds(3))).isEqualTo(Duration.ZERO);
      ProcessInfo spinnerInfo = awaitState(runtime, spinner.pid(), ProcessState.RUNNING);
      assertThat(spinnerInfo.name()).isNull();

      spinner.kill();
      spinner.join();
      assertThat(runtime.find(spinner.pid())).isEmpty();
      assertThat(runtime.info(spinner.pid())).isEmpty();
      assertThat(runtime.processes(10)).extracting(ProcessInfo::pid).containsExactly(sleeper.pid());
    }
  }

  private static ProcessInfo awaitState(ProcessRuntime runtime, Pid pid, ProcessState state) {
    while (true) {
      for (ProcessInfo info : runtime.processes(Integer.MAX_VALUE)) {
        if (info.pid().equals(pid) && info.state() == state) {
          return info;
        }
      }
      Thread.onSpinWait();
    }
  }
}
