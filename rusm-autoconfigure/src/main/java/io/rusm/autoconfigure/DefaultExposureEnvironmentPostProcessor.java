package io.rusm.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Exposes the {@code health} and {@code prometheus} actuator endpoints over HTTP by default, so an
 * application with the starter and a web starter serves {@code /actuator/prometheus} without any
 * configuration.
 *
 * <p>The default goes in Spring Boot's {@code defaultProperties}, which Boot keeps behind every other
 * source, {@code @PropertySource} files included; and it is not added at all when the application has
 * already set {@value #INCLUDE} (its default properties among them), or turned rusm off ({@value
 * #ENABLED}{@code =false}) in its configuration files, arguments or environment. Whatever the
 * application says about {@code management.endpoints.web.exposure.*} wins.
 */
public final class DefaultExposureEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String INCLUDE = "management.endpoints.web.exposure.include";

  static final String DEFAULT_INCLUDE = "health,prometheus";

  static final String ENABLED = "rusm.enabled";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    // An application that turned rusm off gets nothing from it, not even its default exposure.
    if (!environment.containsProperty(INCLUDE)
        && environment.getProperty(ENABLED, Boolean.class, true)) {
      DefaultPropertiesPropertySource.addOrMerge(Map.of(INCLUDE, DEFAULT_INCLUDE), environment.getPropertySources());
    }
  }

  /** After the post-processor that loads the application's configuration files. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
