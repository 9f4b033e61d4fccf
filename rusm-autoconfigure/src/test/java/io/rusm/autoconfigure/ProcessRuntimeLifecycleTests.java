package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class ProcessRuntimeLifecycleTests {

  private static final Duration LONG = Duration.ofMinutes(1);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class));

  @Test
  void stopsAfterTheWebServerHasShutDownGracefullyAndStopped() {
    assertThat(ProcessRuntimeLifecycle.PHASE)
        .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
        .isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
    runner.run(context -> {
      ProcessRuntimeLifecycle lifecycle = context.getBean(ProcessRuntimeLifecycle.class);
      assertThat(lifecycle.getPhase()).isEqualTo(ProcessRuntimeLifecycle.PHASE);
      assertThat(lifecycle.isAutoStartup()).isTrue();
      assertThat(lifecycle.isPauseable()).isFalse();
      assertThat(lifecycle.isRunning()).isTrue();
      assertThat(lifecycle.runtime()).isSameAs(context.getBean(ProcessRuntime.class));
    });
  }

  @Test
  void closingTheContextShutsTheRuntimeDown() {
    AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();
    runner.run(context -> runtime.set(context.getBean(ProcessRuntime.class)));
    assertThat(runtime.get().isShutdown()).isTrue();
    assertThat(runtime.get().isTerminated()).isTrue();
  }

  @Test
  void aStopWithoutACloseLeavesTheRuntimeRunningUntilTheClose(CapturedOutput output) {
    AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();
    runner.run(context -> {
      ProcessRuntime rt = context.getBean(ProcessRuntime.class);
      runtime.set(rt);
      context.stop();
      assertThat(rt.isShutdown()).isFalse();
      assertThat(output).contains("stopped without closing");
      context.start();
      assertThat(context.getBean(ProcessRuntimeLifecycle.class).isRunning()).isTrue();
      assertThat(rt.spawn(ctx -> { }).join()).isEqualTo(Exit.normal());
    });
    assertThat(runtime.get().isTerminated()).isTrue();
  }

  @Test
  void liveProcessesGetTheGracePeriodToFinish() {
    runner.withPropertyValues("rusm.shutdown.grace-period=1m").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      CountDownLatch finish = new CountDownLatch(1);
      ProcessRef process = runtime.spawn(ctx -> finish.await());
      CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
      await().atMost(LONG).until(runtime::isShutdown);
      assertThat(closed).isNotDone();
      finish.countDown();
      closed.join();
      assertThat(process.join()).isEqualTo(Exit.normal());
      assertThat(runtime.isTerminated()).isTrue();
    });
  }

  @Test
  void processesStillLiveAfterTheGracePeriodAreKilled() {
    runner.withPropertyValues("rusm.shutdown.grace-period=0s").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      ProcessRef process = runtime.spawn(ctx -> new CountDownLatch(1).await());
      context.close();
      assertThat(process.join()).isEqualTo(Exit.killed());
      assertThat(runtime.isTerminated()).isTrue();
    });
  }

  @Test
  void theCloseWaitsAtMostTheKillTimeoutAndSaysHowManyIgnoredTheKill(CapturedOutput output) {
    runner.withPropertyValues("rusm.shutdown.grace-period=0s", "rusm.shutdown.kill-timeout=100ms")
        .run(context -> {
          ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
          CountDownLatch started = new CountDownLatch(1);
          CountDownLatch release = new CountDownLatch(1);
          ProcessRef stubborn = runtime.spawn(ctx -> {
            started.countDown();
            awaitIgnoringInterrupts(release);
          });
          started.await();
          context.close();
          assertThat(runtime.isShutdown()).isTrue();
          assertThat(stubborn.isAlive()).isTrue();
          assertThat(output).contains("1 rusm process(es) ignored the kill and were still live PT0.1S after it"
              + " (rusm.shutdown.kill-timeout); closing without waiting for them");
          release.countDown();
          assertThat(stubborn.join()).isEqualTo(Exit.killed());
        });
  }

  @Test
  void aRuntimeTheApplicationShutDownItselfIsLeftAlone() {
    runner.run(context -> {
      ProcessRuntimeLifecycle lifecycle = context.getBean(ProcessRuntimeLifecycle.class);
      lifecycle.runtime().shutdown(Duration.ZERO);
      assertThat(lifecycle.isRunning()).isFalse();
      lifecycle.stop();
      lifecycle.destroy();
      assertThat(lifecycle.runtime().isTerminated()).isTrue();
    });
  }

  @Test
  void aContextThatFailsToStartStillShutsTheRuntimeDown() {
    FailingStartUp.spawned.set(null);
    runner.withUserConfiguration(FailingStartUp.class).withPropertyValues("rusm.shutdown.grace-period=0s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasRootCauseMessage("start-up fails after a spawn");
          ProcessRef process = FailingStartUp.spawned.get();
          assertThat(process.join()).isEqualTo(Exit.killed());
          assertThat(FailingStartUp.runtime.get().isTerminated()).isTrue();
        });
  }

  @Test
  void aLifecycleThatFailsToStartAfterOursShutsTheRuntimeDownWithoutAWarning(CapturedOutput output) {
    runner.withUserConfiguration(LaterPhaseFails.class).withPropertyValues("rusm.shutdown.grace-period=0s")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasRootCauseMessage("port already in use");
          assertThat(LaterPhaseFails.runtime.get().isShutdown()).isTrue();
          assertThat(output).doesNotContain("the rusm runtime keeps running");
        });
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // This process ignores its kill on purpose.
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingStartUp {
    static final AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();
    static final AtomicReference<ProcessRef> spawned = new AtomicReference<>();

    @Bean
    InitializingBean spawnsThenFails(ProcessRuntime runtime) {
      return () -> {
        FailingStartUp.runtime.set(runtime);
        spawned.set(runtime.spawn(ctx -> new CountDownLatch(1).await()));
        throw new IllegalStateException("start-up fails after a spawn");
      };
    }
  }

  /** A lifecycle in a later phase than the runtime's, which fails to start: a web server whose port is taken. */
  @Configuration(proxyBeanMethods = false)
  static class LaterPhaseFails {
    static final AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();

    @Bean
    SmartLifecycle failsToStart(ProcessRuntime processRuntime) {
      runtime.set(processRuntime);
      return new SmartLifecycle() {
        @Override
        public void start() {
          throw new IllegalStateException("port already in use");
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
          return false;
        }
      };
    }
  }
}
