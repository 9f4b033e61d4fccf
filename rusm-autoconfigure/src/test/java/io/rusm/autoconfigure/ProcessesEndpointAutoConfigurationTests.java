package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint;
import io.rusm.autoconfigure.actuate.ProcessesEndpointWebExtension;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ProcessesEndpointAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class,
          ProcessesEndpointAutoConfiguration.class));

  @Test
  void notAvailableUntilExposed() {
    runner.run(context -> assertThat(context).hasSingleBean(ProcessRuntime.class)
        .doesNotHaveBean(ProcessesEndpoint.class).doesNotHaveBean(ProcessesEndpointWebExtension.class));
  }

  @Test
  void exposedOverHttp() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=processes").run(context ->
        assertThat(context).hasSingleBean(ProcessesEndpoint.class).hasSingleBean(ProcessesEndpointWebExtension.class));
  }

  @Test
  void exposedOverJmxOnlyHasNoWebExtension() {
    runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=processes")
        .run(context -> assertThat(context).hasSingleBean(ProcessesEndpoint.class)
            .doesNotHaveBean(ProcessesEndpointWebExtension.class));
  }

  @Test
  void exposedButWithNoAccess() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=processes",
        "management.endpoint.processes.access=NONE").run(context ->
            assertThat(context).doesNotHaveBean(ProcessesEndpoint.class));
  }

  @Test
  void needsARuntime() {
    runner.withPropertyValues("rusm.enabled=false", "management.endpoints.web.exposure.include=processes")
        .run(context -> assertThat(context).doesNotHaveBean(ProcessesEndpoint.class));
  }

  @Test
  void needsTheActuatorOnTheClassPath() {
    runner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
        .withPropertyValues("management.endpoints.web.exposure.include=processes")
        .run(context -> assertThat(context).hasSingleBean(ProcessRuntime.class)
            .doesNotHaveBean(ProcessesEndpoint.class));
  }

  @Test
  void backsOffFromTheApplicationsOwnEndpoint() {
    runner.withUserConfiguration(OwnEndpoint.class)
        .withPropertyValues("management.endpoints.web.exposure.include=processes").run(context -> {
          assertThat(context).hasSingleBean(ProcessesEndpoint.class).hasBean("ownEndpoint");
          assertThat(context).hasSingleBean(ProcessesEndpointWebExtension.class);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnEndpoint {
    @Bean
    ProcessesEndpoint ownEndpoint(ProcessRuntime runtime) {
      return new ProcessesEndpoint(runtime);
    }
  }
}
