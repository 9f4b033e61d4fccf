package io.rusm.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Exposes the {@code health} and {@code prometheus} actuator endpoints over HTTP by default, so an
 * application with the starter and a web starter serves {@code /actuator/prometheus} without any
 * configuration.
 *
 * <p>The default is a property source added after every other one, once the application's own
 * configuration has been loaded; and it is not added at all when the application sets {@value #INCLUDE}
 * itself, or turns rusm off ({@value #ENABLED}{@code =false}). Whatever the application says about
 * {@code management.endpoints.web.exposure.*} wins.
 */
public final class DefaultExposureEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** The name of the property source holding the default. */
  public static final String PROPERTY_SOURCE_NAME = "rusmDefaultExposure";

  static final String INCLUDE = "management.endpoints.web.exposure.include";

  static final String DEFAULT_INCLUDE = "health,prometheus";

  static final String ENABLED = "rusm.enabled";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    // Checked as well as added last, because Spring Boot moves its "defaultProperties" behind every
    // source once the environment is prepared: a default exposure set there must still win.
    // An application that turned rusm off gets nothing from it, not even its default exposure.
    if (!environment.containsProperty(INCLUDE)
        && environment.getProperty(ENABLED, Boolean.class, true)) {
      environment.getPropertySources()
          .addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(INCLUDE, DEFAULT_INCLUDE)));
    }
  }

  /** After the post-processor that loads the application's configuration files. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
