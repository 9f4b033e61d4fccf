package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KillTest {

  private final GatedThreads gated = new GatedThreads();
  private final ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void aKillBeforeTheFirstInstructionMeansTheBodyNeverRuns() throws Exception {
    try (ProcessRuntime held = ProcessRuntime.builder().threadFactory(gated).build()) {
      AtomicBoolean ran = new AtomicBoolean();
      ProcessRef handle = held.spawn(ctx -> ran.set(true));

      assertThat(held.live()).isEqualTo(1);
      assertThat(held.processes(10)).singleElement()
          .extracting(ProcessInfo::state).isEqualTo(ProcessState.STARTING);
      assertThat(handle.kill()).isTrue();
      assertThat(handle.kill()).isFalse();
      assertThat(held.processes(10)).singleElement()
          .extracting(ProcessInfo::state).isEqualTo(ProcessState.EXITING);
      gated.open();

      assertThat(handle.join()).isEqualTo(Exit.killed());
      assertThat(ran).isFalse();
      assertThat(held.finished(Exit.Outcome.KILLED)).isEqualTo(1);
      assertThat(held.live()).isZero();
      assertThat(held.processes(10)).isEmpty();
    }
  }

  @Test
  void aKillInterruptsASleep() throws Exception {
    assertKillUnblocks(ctx -> Thread.sleep(Duration.ofDays(1)));
  }

  @Test
  void aKillInterruptsAPark() throws Exception {
    assertKillUnblocks(ctx -> {
      while (!Thread.currentThread().isInterrupted()) {
        LockSupport.park();
      }
    });
  }

  @Test
  void aKillInterruptsALockWait() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef holder = runtime.spawn(ctx -> {
      lock.lock();
      try {
        held.countDown();
        release.await();
      } finally {
        lock.unlock();
      }
    });
    held.await();
    assertKillUnblocks(ctx -> lock.lockInterruptibly());
    release.countDown();
    assertThat(holder.join()).isEqualTo(Exit.normal());
  }

  @Test
  void aKillInterruptsAQueueWait() throws Exception {
    BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
    assertKillUnblocks(ctx -> queue.take());
  }

  @Test
  void aKillInterruptsAJoin() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ProcessRef other = runtime.spawn(ctx -> never.await());
    assertKillUnblocks(ctx -> other.join());
    assertThat(other.isAlive()).isTrue();
    other.kill();
    assertThat(other.join()).isEqualTo(Exit.killed());
  }

  @Test
  void aKillInterruptsBlockingIo() throws Exception {
    Pipe pipe = Pipe.open();
    try {
      assertKillUnblocks(ctx -> pipe.source().read(ByteBuffer.allocate(1)));
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  /** Spawns {@code body}, waits until it blocks, kills it, and checks it exits killed and is reaped. */
  private void assertKillUnblocks(ProcessBody body) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> {
      started.countDown();
      body.run(ctx);
    });
    started.await();
    awaitWaiting(handle.pid());
    long killedBefore = runtime.finished(Exit.Outcome.KILLED);
    assertThat(handle.kill()).isTrue();
    assertThat(handle.join()).isEqualTo(Exit.killed());
    assertThat(runtime.finished(Exit.Outcome.KILLED)).isEqualTo(killedBefore + 1);
    assertThat(runtime.find(handle.pid())).isEmpty();
  }

  /** Waits until the process's thread is blocked: the snapshot reads the thread's own state. */
  private void awaitWaiting(Pid pid) {
    while (runtime.processes(Integer.MAX_VALUE).stream()
        .noneMatch(p -> p.pid().equals(pid) && p.state() == ProcessState.WAITING)) {
      Thread.onSpinWait();
    }
  }

  @Test
  void theExitIsKilledEvenIfTheBodySwallowsTheInterruptAndReturns() throws Exception {
    assertKillUnblocks(ctx -> {
      try {
        Thread.sleep(Duration.ofDays(1));
      } catch (InterruptedException swallowed) {
        // returns as if nothing happened
      }
    });
  }

  @Test
  void aComputingBodyStopsWhenItChecksIsKilled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ProcessRef handle = runtime.spawn(ctx -> {
      started.countDown();
      while (!ctx.isKilled()) {
        Thread.onSpinWait();
      }
    });
    started.await();
    assertThat(runtime.kill(handle.pid())).isTrue();
    assertThat(handle.join()).isEqualTo(Exit.killed());
  }

  @Test
  void aProcessCanKillItself() throws Exception {
    ProcessRef handle = runtime.spawn(ctx -> {
      ctx.runtime().kill(ctx.self());
      Thread.sleep(Duration.ofDays(1));
    });
    assertThat(handle.join()).isEqualTo(Exit.killed());
  }

  @Test
  void killingAFinishedOrUnknownProcessDoesNothing() throws Exception {
    ProcessRef handle = runtime.spawn(ctx -> {});
    assertThat(handle.join()).isEqualTo(Exit.normal());
    assertThat(handle.kill()).isFalse();
    assertThat(runtime.kill(handle.pid())).isFalse();
    assertThat(runtime.kill(new Pid(999_999))).isFalse();
    assertThat(handle.join()).isEqualTo(Exit.normal());
  }

  @Test
  void aFailureAfterAKillIsStillAKill() throws Exception {
    assertKillUnblocks(ctx -> {
      try {
        Thread.sleep(Duration.ofDays(1));
      } catch (InterruptedException e) {
        throw new IOException("cleanup failed", e);
      }
    });
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isZero();
  }
}
