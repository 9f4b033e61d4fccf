package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessRuntimeHealthIndicator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ProcessRuntimeHealthContributorAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class,
          ProcessRuntimeHealthContributorAutoConfiguration.class));

  @Test
  void upWithLiveAndLimitWhileTheRuntimeAcceptsSpawns() {
    runner.withPropertyValues("rusm.max-processes=9").run(context -> {
      assertThat(context).hasSingleBean(ProcessRuntimeHealthIndicator.class).hasBean("rusmHealthIndicator");
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      CountDownLatch release = new CountDownLatch(1);
      ProcessRef parked = runtime.spawn(ctx -> release.await());
      Health health = context.getBean(ProcessRuntimeHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).isEqualTo(Map.of("live", 1L, "limit", 9, "backloggedProcesses", 0L,
          "longestMailbox", 0L, "mailboxWarnLength", (long) ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH));
      release.countDown();
      parked.join();
    });
  }

  @Test
  void downOnceTheRuntimeIsShutDown() {
    runner.run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      runtime.shutdown(Duration.ZERO);
      Health health = context.getBean(ProcessRuntimeHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).isEqualTo(Map.of("live", 0L, "limit", ProcessRuntime.DEFAULT_MAX_PROCESSES,
          "terminated", true, "backloggedProcesses", 0L, "longestMailbox", 0L,
          "mailboxWarnLength", (long) ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH));
    });
  }

  @Test
  void withoutALimitABackloggedMailboxShowsInTheDetailsButStaysUp() {
    runner.withPropertyValues("rusm.mailbox.warn-length=4").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      CountDownLatch release = new CountDownLatch(1);
      ProcessRef parked = runtime.spawn(ctx -> release.await());
      for (int i = 0; i < 20; i++) {
        parked.send(i);
      }
      Health health = context.getBean(ProcessRuntimeHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("backloggedProcesses", 1L).containsEntry("longestMailbox", 20L)
          .containsEntry("mailboxWarnLength", 4L).doesNotContainKey("mailboxLengthLimit");
      release.countDown();
      parked.join();
    });
  }

  @Test
  void outOfServiceWhileAMailboxIsBeyondTheLimitAndUpOnceItDrains() {
    runner.withPropertyValues("rusm.mailbox.warn-length=4", "rusm.health.mailbox-length-limit=10").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      ProcessRuntimeHealthIndicator indicator = context.getBean(ProcessRuntimeHealthIndicator.class);
      CountDownLatch drain = new CountDownLatch(1);
      CountDownLatch drained = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ProcessRef slow = runtime.spawn(ctx -> {
        drain.await();
        while (ctx.receive(Duration.ZERO).isPresent()) {
          // taking every message
        }
        drained.countDown();
        release.await();
      });
      for (int i = 0; i < 10; i++) {
        slow.send(i);
      }
      assertThat(indicator.health().getStatus()).as("at the limit").isEqualTo(Status.UP);
      slow.send(10);
      Health beyond = indicator.health();
      assertThat(beyond.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(beyond.getDetails()).containsEntry("longestMailbox", 11L).containsEntry("mailboxLengthLimit", 10L)
          .containsEntry("backloggedProcesses", 1L);
      drain.countDown();
      drained.await();
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      release.countDown();
      slow.join();
    });
  }

  @Test
  void theLimitAppliesToTheApplicationsOwnRuntime() {
    runner.withUserConfiguration(OwnRuntime.class).withPropertyValues("rusm.health.mailbox-length-limit=100")
        .run(context -> assertThat(context.getBean(ProcessRuntimeHealthIndicator.class).health().getDetails())
            .containsEntry("mailboxWarnLength", 100L).containsEntry("mailboxLengthLimit", 100L));
  }

  @Test
  void aLimitBelowTheRuntimesWarnLengthStopsStartUpNamingBoth() {
    runner.withPropertyValues("rusm.health.mailbox-length-limit=9999").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasRootCauseMessage("rusm.health.mailbox-length-limit must be at least the runtime's mailbox warn length"
              + " (10000), since only mailboxes longer than it are watched, was 9999");
    });
  }

  @Test
  void aLimitAtTheWarnLengthIsAccepted() {
    runner.withPropertyValues("rusm.mailbox.warn-length=100", "rusm.health.mailbox-length-limit=100").run(context ->
        assertThat(context.getBean(ProcessRuntimeHealthIndicator.class).health().getDetails())
            .containsEntry("mailboxLengthLimit", 100L));
  }

  @Test
  void anIndicatorBuiltByHandChecksItsLimitAgainstTheRuntimesWarnLength() {
    try (ProcessRuntime runtime = ProcessRuntime.builder().mailboxWarnLength(100).build()) {
      assertThatIllegalArgumentException().isThrownBy(() -> new ProcessRuntimeHealthIndicator(runtime, 99L))
          .withMessage("rusm.health.mailbox-length-limit must be at least the runtime's mailbox warn length (100),"
              + " since only mailboxes longer than it are watched, was 99");
      assertThat(new ProcessRuntimeHealthIndicator(runtime, 100L).health().getDetails())
          .containsEntry("mailboxLengthLimit", 100L);
    }
  }

  @Test
  void severalRuntimesAreOneCompositeUnderRusmWithAnIndicatorEach() {
    runner.withUserConfiguration(ProcessRuntimeMetricsAutoConfigurationTests.TwoRuntimes.class)
        .withPropertyValues("rusm.health.mailbox-length-limit=20000").run(context -> {
          assertThat(context).doesNotHaveBean(ProcessRuntimeHealthIndicator.class);
          CompositeHealthContributor rusm = context.getBean("rusmHealthIndicator", CompositeHealthContributor.class);
          assertThat(rusm.stream().map(c -> c.name())).containsExactlyInAnyOrder("jobsRuntime", "sessionsRuntime");
          Health jobs = ((HealthIndicator) rusm.getContributor("jobsRuntime")).health();
          assertThat(jobs.getStatus()).isEqualTo(Status.UP);
          assertThat(jobs.getDetails()).containsEntry("limit", 3).containsEntry("mailboxLengthLimit", 20000L);
        });
  }

  @Test
  void turnedOffByItsOwnProperty() {
    runner.withPropertyValues("management.health.rusm.enabled=false").run(context ->
        assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeHealthIndicator.class));
  }

  @Test
  void turnedOffWithTheOtherDefaultIndicators() {
    runner.withPropertyValues("management.health.defaults.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(ProcessRuntimeHealthIndicator.class));
  }

  @Test
  void needsBootsHealthSupportOnTheClassPath() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context ->
        assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeHealthIndicator.class));
  }

  @Test
  void needsARuntime() {
    runner.withPropertyValues("rusm.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(ProcessRuntimeHealthIndicator.class));
  }

  @Test
  void backsOffFromTheApplicationsOwnIndicator() {
    runner.withUserConfiguration(OwnIndicator.class).run(context ->
        assertThat(context).doesNotHaveBean(ProcessRuntimeHealthIndicator.class).hasBean("rusmHealthIndicator"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean(destroyMethod = "close")
    ProcessRuntime ownRuntime() {
      return ProcessRuntime.builder().mailboxWarnLength(100).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnIndicator {
    @Bean
    HealthIndicator rusmHealthIndicator() {
      return () -> Health.up().build();
    }
  }
}
