package io.rusm.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A web application on the rusm starter: spawn, message and cascade storms driven and charted from a
 * dashboard at {@code /}, and an observer of the process table and of each process's links. It declares no {@link io.rusm.ProcessRuntime} of its own: the
 * starter's auto-configuration provides it, and its metrics at {@code /actuator/prometheus}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

  /** Starts the application; the dashboard is at http://localhost:8080/ by default. */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
