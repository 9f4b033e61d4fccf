package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DefaultExposureEnvironmentPostProcessorTests {

  private static final String INCLUDE = "management.endpoints.web.exposure.include";

  private final DefaultExposureEnvironmentPostProcessor postProcessor = new DefaultExposureEnvironmentPostProcessor();

  @Test
  void exposesHealthAndPrometheusFromBootsDefaultProperties() {
    StandardEnvironment environment = new StandardEnvironment();
    postProcessor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty(INCLUDE)).isEqualTo("health,prometheus");
    assertThat(environment.getPropertySources().stream().toList().getLast().getName())
        .isEqualTo(DefaultPropertiesPropertySource.NAME);
  }

  @Test
  void addsNothingWhenTheApplicationChoseItsOwnExposure() {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("application", Map.of(INCLUDE, "info")));
    postProcessor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty(INCLUDE)).isEqualTo("info");
    assertThat(environment.getPropertySources().contains(DefaultPropertiesPropertySource.NAME))
        .isFalse();
  }

  @Test
  void addsNothingWhenTheApplicationTurnedRusmOff() {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources()
        .addFirst(new MapPropertySource("application", Map.of("rusm.enabled", "false")));
    postProcessor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty(INCLUDE)).isNull();
    assertThat(environment.getPropertySources().contains(DefaultPropertiesPropertySource.NAME))
        .isFalse();
  }

  @Test
  void runsAfterTheApplicationsConfigurationIsLoaded() {
    assertThat(postProcessor.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
  }

  @Test
  void registeredWithSpringBootSoAnApplicationWithoutConfigurationGetsTheDefault() {
    assertThat(exposureOf(run())).containsExactly("health", "prometheus");
  }

  @Test
  void theApplicationsExposureWinsInEveryForm() {
    assertThat(exposureOf(run("--" + INCLUDE + "=info"))).containsExactly("info");
    assertThat(exposureOf(run("--" + INCLUDE + "[0]=info", "--" + INCLUDE + "[1]=env")))
        .containsExactly("info", "env");
    SpringApplication withDefaults = application();
    withDefaults.setDefaultProperties(Map.of(INCLUDE, "beans"));
    try (ConfigurableApplicationContext context = withDefaults.run()) {
      assertThat(exposureOf(context)).containsExactly("beans");
    }
  }

  @Test
  void anExposureInAPropertySourceFileWins() {
    SpringApplication application = new SpringApplication(WithPropertySource.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = application.run()) {
      assertThat(exposureOf(context)).containsExactly("info");
    }
  }

  private static ConfigurableApplicationContext run(String... args) {
    try (ConfigurableApplicationContext context = application().run(args)) {
      return context;
    }
  }

  private static SpringApplication application() {
    SpringApplication application = new SpringApplication(Empty.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    return application;
  }

  private static List<String> exposureOf(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    return Binder.get(environment).bind(INCLUDE, Bindable.listOf(String.class)).orElse(List.of());
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {
  }

  @Configuration(proxyBeanMethods = false)
  @PropertySource("classpath:io/rusm/autoconfigure/exposure-info.properties")
  static class WithPropertySource {
  }
}
