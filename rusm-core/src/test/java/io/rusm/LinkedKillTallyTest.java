package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Processes killed by a linked exit count as KILLED, in finished() and in linkedExits(), exactly once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkedKillTallyTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  private void assertOutcomesAddUpToFinished() {
    long sum = 0;
    for (Exit.Outcome o : Exit.Outcome.values()) {
      sum += runtime.finished(o);
    }
    assertThat(sum).isEqualTo(runtime.finished());
  }

  @Test
  void linkedKillsCountAsKilledAndInTheTotal() throws Exception {
    int linked = 5;
    ProcessRef head = runtime.spawn(ctx -> ctx.receive());
    CountDownLatch ready = new CountDownLatch(linked);
    List<ProcessRef> victims = new ArrayList<>();
    for (int i = 0; i < linked; i++) {
      victims.add(runtime.spawn(ctx -> {
        ctx.link(head.pid());
        ready.countDown();
        ctx.receive();
      }));
    }
    ready.await();
    head.kill();
    assertThat(head.join()).isEqualTo(Exit.killed());
    for (ProcessRef v : victims) {
      assertThat(v.join()).isInstanceOfSatisfying(Exit.Killed.class, k -> assertThat(k.isLinked()).isTrue());
    }

    assertThat(runtime.linkedExits()).isEqualTo(linked);
    assertThat(runtime.finished(Exit.Outcome.KILLED)).as("the head's kill and the linked ones")
        .isEqualTo(linked + 1);
    assertThat(runtime.finished(Exit.Outcome.NORMAL)).isZero();
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isZero();
    assertThat(runtime.finished()).isEqualTo(linked + 1).isEqualTo(runtime.spawned());
    assertOutcomesAddUpToFinished();
  }

  @Test
  void aLinkedKillAfterAFailureCountsOnceAsKilled() throws Exception {
    CountDownLatch ready = new CountDownLatch(1);
    ProcessRef failing = runtime.spawn(ctx -> {
      ctx.receive();
      throw new IllegalStateException("planned");
    });
    ProcessRef victim = runtime.spawn(ctx -> {
      ctx.link(failing.pid());
      ready.countDown();
      ctx.receive();
    });
    ready.await();
    failing.send("go");
    assertThat(victim.join())
        .isInstanceOfSatisfying(Exit.Killed.class, k -> assertThat(k.isLinked()).isTrue());
    failing.join();

    assertThat(runtime.linkedExits()).isEqualTo(1);
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isEqualTo(1);
    assertThat(runtime.finished(Exit.Outcome.KILLED)).isEqualTo(1);
    assertThat(runtime.finished()).isEqualTo(2);
    assertOutcomesAddUpToFinished();
  }
}
