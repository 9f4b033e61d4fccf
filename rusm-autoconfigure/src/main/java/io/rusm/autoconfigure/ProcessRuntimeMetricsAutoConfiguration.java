package io.rusm.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rusm.ProcessRuntime;
import io.rusm.metrics.ProcessRuntimeMetrics;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures {@link ProcessRuntimeMetrics} for the application's {@link ProcessRuntime}: a
 * {@code MeterBinder} that Spring Boot binds to every meter registry, reading the runtime's own counters
 * at scrape time ({@code rusm.processes.*}, {@code rusm.messages.*}, {@code rusm.mailboxes.*}, {@code
 * rusm.monitors.*}, {@code rusm.links.*}; Boot's common tags apply). With several runtimes and none
 * primary, each is bound with a {@code runtime} tag holding its bean name, as Boot tags each of several
 * data sources with its name.
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
    ProcessRuntimeAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class ProcessRuntimeMetricsAutoConfiguration {

  /** The one runtime, or the primary one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(ProcessRuntime.class)
  static class OneRuntime {

    @Bean
    @ConditionalOnMissingBean
    ProcessRuntimeMetrics processRuntimeMetrics(ProcessRuntime processRuntime) {
      return new ProcessRuntimeMetrics(processRuntime, Tags.empty());
    }
  }

  /** Several runtimes, none primary: every one, tagged with its bean name. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnSeveralRuntimesCondition.class)
  static class SeveralRuntimes {

    @Bean
    @ConditionalOnMissingBean(ProcessRuntimeMetrics.class)
    MeterBinder processRuntimesMetrics(Map<String, ProcessRuntime> processRuntimes) {
      List<ProcessRuntimeMetrics> each = processRuntimes.entrySet().stream()
          .map(named -> new ProcessRuntimeMetrics(named.getValue(), Tags.of("runtime", named.getKey())))
          .toList();
      return registry -> each.forEach(metrics -> metrics.bindTo(registry));
    }
  }
}
