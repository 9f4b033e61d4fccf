package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint;
import io.rusm.autoconfigure.actuate.ProcessesEndpointWebExtension;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code processes} {@linkplain ProcessesEndpoint actuator endpoint} for the
 * application's {@link ProcessRuntime}, when the endpoint is available: accessible and exposed (it is not
 * exposed by default; {@code management.endpoints.web.exposure.include=processes} exposes it read-only).
 */
@AutoConfiguration(after = ProcessRuntimeAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(ProcessesEndpoint.class)
@ConditionalOnSingleCandidate(ProcessRuntime.class)
public final class ProcessesEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ProcessesEndpoint processesEndpoint(ProcessRuntime processRuntime) {
    return new ProcessesEndpoint(processRuntime);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ProcessesEndpoint.class)
  @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
  ProcessesEndpointWebExtension processesEndpointWebExtension(ProcessesEndpoint processesEndpoint) {
    return new ProcessesEndpointWebExtension(processesEndpoint);
  }
}
