package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessRuntimeHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code rusm} {@linkplain ProcessRuntimeHealthIndicator health indicator} for the
 * application's {@link ProcessRuntime}, auto-configured or its own; {@code
 * management.health.rusm.enabled=false} turns it off. {@code rusm.health.mailbox-length-limit} makes it
 * report {@code OUT_OF_SERVICE} while a mailbox is longer than the limit, which start-up checks against the
 * runtime's mailbox warn length; unset, mailbox lengths are only shown in its details. With several
 * runtimes and none primary, {@code rusm} is a composite with one indicator per runtime, by bean name.
 */
@AutoConfiguration(after = ProcessRuntimeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ProcessRuntime.class)
@ConditionalOnEnabledHealthIndicator("rusm")
@EnableConfigurationProperties(RusmProperties.class)
public final class ProcessRuntimeHealthContributorAutoConfiguration {

  /** The one runtime, or the primary one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(ProcessRuntime.class)
  static class OneRuntime {

    /** Named so the indicator's key in {@code /actuator/health} is {@code rusm}. */
    @Bean
    @ConditionalOnMissingBean(name = "rusmHealthIndicator")
    ProcessRuntimeHealthIndicator rusmHealthIndicator(ProcessRuntime processRuntime, RusmProperties properties) {
      return new ProcessRuntimeHealthIndicator(processRuntime, properties.health().mailboxLengthLimit());
    }
  }

  /** Several runtimes, none primary: one indicator each, under {@code rusm}. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnSeveralRuntimesCondition.class)
  static class SeveralRuntimes {

    /** Named so the composite's key in {@code /actuator/health} is {@code rusm}. */
    @Bean
    @ConditionalOnMissingBean(name = "rusmHealthIndicator")
    CompositeHealthContributor rusmHealthIndicator(Map<String, ProcessRuntime> processRuntimes,
        RusmProperties properties) {
      Long limit = properties.health().mailboxLengthLimit();
      Map<String, ProcessRuntimeHealthIndicator> each = new LinkedHashMap<>();
      processRuntimes.forEach((name, runtime) -> each.put(name, new ProcessRuntimeHealthIndicator(runtime, limit)));
      return CompositeHealthContributor.fromMap(each);
    }
  }
}
