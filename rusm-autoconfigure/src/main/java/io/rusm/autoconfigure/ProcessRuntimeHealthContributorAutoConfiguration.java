package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessRuntimeHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code rusm} {@linkplain ProcessRuntimeHealthIndicator health indicator} for the
 * application's {@link ProcessRuntime}, auto-configured or its own; {@code
 * management.health.rusm.enabled=false} turns it off. {@code rusm.health.mailbox-length-limit} makes it
 * report {@code OUT_OF_SERVICE} while a mailbox is longer than the limit, which start-up checks against the
 * runtime's mailbox warn length; unset, mailbox lengths are only shown in its details.
 */
@AutoConfiguration(after = ProcessRuntimeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(ProcessRuntime.class)
@ConditionalOnEnabledHealthIndicator("rusm")
@EnableConfigurationProperties(RusmProperties.class)
public final class ProcessRuntimeHealthContributorAutoConfiguration {

  /** Named so the indicator's key in {@code /actuator/health} is {@code rusm}. */
  @Bean
  @ConditionalOnMissingBean(name = "rusmHealthIndicator")
  ProcessRuntimeHealthIndicator rusmHealthIndicator(ProcessRuntime processRuntime, RusmProperties properties) {
    return new ProcessRuntimeHealthIndicator(processRuntime, properties.health().mailboxLengthLimit());
  }
}
