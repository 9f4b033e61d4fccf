package io.rusm.autoconfigure.actuate;

import io.rusm.ProcessRuntime;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of a {@link ProcessRuntime}: {@code UP} while it accepts spawns, {@code DOWN} once it is shut
 * down. Details: {@code live} and {@code limit} (the most processes that may be live at once), and, when
 * down, {@code terminated} (whether every process has exited).
 */
public final class ProcessRuntimeHealthIndicator implements HealthIndicator {

  private final ProcessRuntime runtime;

  /** @param runtime the runtime to report on */
  public ProcessRuntimeHealthIndicator(ProcessRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public Health health() {
    if (runtime.isShutdown()) {
      return Health.down()
          .withDetail("live", runtime.live())
          .withDetail("limit", runtime.maxProcesses())
          .withDetail("terminated", runtime.isTerminated())
          .build();
    }
    return Health.up()
        .withDetail("live", runtime.live())
        .withDetail("limit", runtime.maxProcesses())
        .build();
  }
}
