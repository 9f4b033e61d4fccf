package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessRuntimeHealthIndicator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
      assertThat(health.getDetails()).isEqualTo(Map.of("live", 1L, "limit", 9));
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
      assertThat(health.getDetails())
          .isEqualTo(Map.of("live", 0L, "limit", ProcessRuntime.DEFAULT_MAX_PROCESSES, "terminated", true));
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
  static class OwnIndicator {
    @Bean
    HealthIndicator rusmHealthIndicator() {
      return () -> Health.up().build();
    }
  }
}
