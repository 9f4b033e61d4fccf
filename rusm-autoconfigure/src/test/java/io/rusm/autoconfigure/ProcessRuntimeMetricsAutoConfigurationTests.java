package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rusm.ProcessRef;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import io.rusm.metrics.ProcessRuntimeMetrics;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

class ProcessRuntimeMetricsAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class,
          ProcessRuntimeMetricsAutoConfiguration.class));

  private final ApplicationContextRunner withBootMetrics = runner.withConfiguration(AutoConfigurations.of(
      MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
      CompositeMeterRegistryAutoConfiguration.class));

  @Test
  void bindsTheRuntimesCountersToBootsRegistryWithItsCommonTags() {
    withBootMetrics.withPropertyValues("rusm.max-processes=1", "management.metrics.tags.region=test")
        .run(context -> {
          assertThat(context).hasSingleBean(ProcessRuntimeMetrics.class);
          ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          CountDownLatch release = new CountDownLatch(1);
          runtime.spawn(ctx -> {
          }).join();
          ProcessRef parked = runtime.spawn(ctx -> release.await());
          assertThatThrownBy(() -> runtime.spawn(ctx -> {
          })).isInstanceOf(ProcessLimitExceededException.class);

          Tags region = Tags.of("region", "test");
          assertThat(registry.get("rusm.processes.spawned").tags(region).functionCounter().count()).isEqualTo(2);
          assertThat(registry.get("rusm.processes.finished").tags(region).tag("outcome", "normal")
              .functionCounter().count()).isEqualTo(1);
          assertThat(registry.get("rusm.processes.live").tags(region).gauge().value()).isEqualTo(1);
          assertThat(registry.get("rusm.processes.rejected").tags(region).functionCounter().count()).isEqualTo(1);
          assertThat(registry.get("rusm.processes.limit").tags(region).gauge().value()).isEqualTo(1);
          release.countDown();
          parked.join();
        });
  }

  @Test
  void needsAMeterRegistryBean() {
    runner.run(context -> assertThat(context).hasSingleBean(ProcessRuntime.class)
        .doesNotHaveBean(ProcessRuntimeMetrics.class));
  }

  @Test
  void needsMicrometerOnTheClassPath() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context ->
        assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeMetrics.class));
  }

  @Test
  void needsARuntime() {
    withBootMetrics.withPropertyValues("rusm.enabled=false").run(context ->
        assertThat(context).hasSingleBean(MeterRegistry.class).doesNotHaveBean(ProcessRuntimeMetrics.class));
  }

  @Test
  void bindsTheApplicationsOwnRuntime() {
    withBootMetrics.withUserConfiguration(OwnRuntime.class).run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("rusm.processes.limit").gauge().value()).isEqualTo(3);
    });
  }

  @Test
  void bindsEveryOneOfSeveralRuntimesTaggedWithItsBeanName() {
    withBootMetrics.withUserConfiguration(TwoRuntimes.class).run(context -> {
      assertThat(context).doesNotHaveBean(ProcessRuntimeMetrics.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.find("rusm.processes.live").gauges()).extracting(g -> g.getId().getTag("runtime"))
          .containsExactlyInAnyOrder("jobsRuntime", "sessionsRuntime");
      assertThat(registry.get("rusm.processes.limit").tag("runtime", "jobsRuntime").gauge().value()).isEqualTo(3);
      assertThat(registry.get("rusm.processes.limit").tag("runtime", "sessionsRuntime").gauge().value())
          .isEqualTo(4);
    });
  }

  @Test
  void ofSeveralRuntimesThePrimaryOneIsBoundAloneAndUntagged() {
    withBootMetrics.withUserConfiguration(TwoRuntimesOnePrimary.class).run(context -> {
      assertThat(context).hasSingleBean(ProcessRuntimeMetrics.class);
      assertThat(context.getBean(MeterRegistry.class).get("rusm.processes.limit").gauge().value()).isEqualTo(4);
    });
  }

  @Test
  void backsOffFromTheApplicationsOwnBinder() {
    withBootMetrics.withUserConfiguration(OwnBinder.class).run(context -> {
      assertThat(context).hasSingleBean(ProcessRuntimeMetrics.class).hasBean("ownMetrics");
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("rusm.processes.live").tag("runtime", "main").gauge()).isNotNull();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean
    ProcessRuntime ownRuntime() {
      return ProcessRuntime.builder().maxProcesses(3).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBinder {
    @Bean
    ProcessRuntimeMetrics ownMetrics(ProcessRuntime runtime) {
      return new ProcessRuntimeMetrics(runtime, Tags.of("runtime", "main"));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoRuntimes {
    @Bean(destroyMethod = "close")
    ProcessRuntime jobsRuntime() {
      return ProcessRuntime.builder().maxProcesses(3).build();
    }

    @Bean(destroyMethod = "close")
    ProcessRuntime sessionsRuntime() {
      return ProcessRuntime.builder().maxProcesses(4).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoRuntimesOnePrimary {
    @Bean(destroyMethod = "close")
    ProcessRuntime jobsRuntime() {
      return ProcessRuntime.builder().maxProcesses(3).build();
    }

    @Bean(destroyMethod = "close")
    @Primary
    ProcessRuntime sessionsRuntime() {
      return ProcessRuntime.builder().maxProcesses(4).build();
    }
  }
}
