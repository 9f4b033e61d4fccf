package io.rusm.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rusm.ProcessRuntime;
import io.rusm.metrics.ProcessRuntimeMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures {@link ProcessRuntimeMetrics} for the application's {@link ProcessRuntime}: a
 * {@code MeterBinder} that Spring Boot binds to every meter registry, reading the runtime's own counters
 * at scrape time ({@code rusm.processes.*}; Boot's common tags apply).
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
    ProcessRuntimeAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(ProcessRuntime.class)
public final class ProcessRuntimeMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ProcessRuntimeMetrics processRuntimeMetrics(ProcessRuntime processRuntime) {
    return new ProcessRuntimeMetrics(processRuntime, Tags.empty());
  }
}
