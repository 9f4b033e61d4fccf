package io.rusm.autoconfigure;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.rusm.ProcessBody;
import io.rusm.ProcessDecorator;
import java.util.Objects;

/**
 * A {@link ProcessDecorator} that carries the spawning thread's context into each process with
 * Micrometer's Context Propagation library, as Spring's {@code ContextPropagatingTaskDecorator} does for
 * executor tasks: every {@code ThreadLocalAccessor} registered with the library (the current
 * observation, and with it the trace and span; MDC; the security context, once its accessor is
 * registered) is captured on the spawning thread, set on the process's thread around the body, and
 * reset when the body ends, however it ends.
 *
 * <p>The auto-configuration declares one when {@code rusm.propagate-context=true}; declare your own
 * bean of this type to use another {@link ContextSnapshotFactory}.
 */
public final class ContextPropagatingProcessDecorator implements ProcessDecorator {

  private final ContextSnapshotFactory snapshots;

  /** Captures with the library's defaults: every accessor of the global {@code ContextRegistry}. */
  public ContextPropagatingProcessDecorator() {
    this(ContextSnapshotFactory.builder().build());
  }

  /** Captures with {@code snapshots}. */
  public ContextPropagatingProcessDecorator(ContextSnapshotFactory snapshots) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  @Override
  public ProcessBody decorate(ProcessBody body) {
    // Captured here, on the spawning thread; the process may start long after the spawner moved on.
    ContextSnapshot snapshot = snapshots.captureAll();
    return ctx -> {
      try (ContextSnapshot.Scope restored = snapshot.setThreadLocals()) {
        body.run(ctx);
      }
    };
  }
}
