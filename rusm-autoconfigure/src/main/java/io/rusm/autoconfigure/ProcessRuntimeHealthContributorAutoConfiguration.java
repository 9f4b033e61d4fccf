package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessRuntimeHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code rusm} {@linkplain ProcessRuntimeHealthIndicator health indicator} for the
 * application's {@link ProcessRuntime}; {@code management.health.rusm.enabled=false} turns it off.
 */
@AutoConfiguration(after = ProcessRuntimeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(ProcessRuntime.class)
@ConditionalOnEnabledHealthIndicator("rusm")
public final class ProcessRuntimeHealthContributorAutoConfiguration {

  /** Named so the indicator's key in {@code /actuator/health} is {@code rusm}. */
  @Bean
  @ConditionalOnMissingBean(name = "rusmHealthIndicator")
  ProcessRuntimeHealthIndicator rusmHealthIndicator(ProcessRuntime processRuntime) {
    return new ProcessRuntimeHealthIndicator(processRuntime);
  }
}
