package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * Auto-configures a {@link ProcessRuntime} from the {@code rusm.*} {@linkplain RusmProperties
 * properties} and any {@link ProcessRuntimeBuilderCustomizer} beans, and shuts it down with the
 * application context (see {@link ProcessRuntimeLifecycle}).
 *
 * <p>Backs off when the application defines its own {@code ProcessRuntime} (whose life is then the
 * application's to manage) or sets {@code rusm.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "rusm.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(ProcessRuntime.class)
@EnableConfigurationProperties(RusmProperties.class)
public final class ProcessRuntimeAutoConfiguration {

  /**
   * The runtime, built from the properties and customizers and owned by {@link
   * #processRuntimeLifecycle}, which shuts it down. No destroy method here: {@link ProcessRuntime#close()}
   * would wait for ever on a process that ignores its kill.
   */
  @Bean(destroyMethod = "")
  ProcessRuntime processRuntime(ProcessRuntimeLifecycle processRuntimeLifecycle) {
    return processRuntimeLifecycle.runtime();
  }

  @Bean
  ProcessRuntimeLifecycle processRuntimeLifecycle(RusmProperties properties,
      ObjectProvider<ProcessRuntimeBuilderCustomizer> customizers) {
    ProcessRuntime.Builder builder = ProcessRuntime.builder()
        .maxProcesses(properties.maxProcesses())
        .threadNamePrefix(StringUtils.hasLength(properties.threadNamePrefix()) ? properties.threadNamePrefix() : null)
        .shutdownGracePeriod(properties.shutdown().gracePeriod())
        .mailboxWarnLength(properties.mailbox().warnLength());
    Integer stripes = properties.table().stripes();
    if (stripes != null) {
      builder.stripes(stripes);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return new ProcessRuntimeLifecycle(builder.build(), properties.shutdown());
  }
}
