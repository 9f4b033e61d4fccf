package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Owns the auto-configured {@link ProcessRuntime}'s life in the application context and shuts it down,
 * with a bounded wait, when the context closes: new spawns are refused, live processes get the grace
 * period, the rest are killed, and the close waits at most the kill timeout for them, then logs how many
 * ignored the kill and goes on.
 *
 * <p>It stops in {@link #PHASE}, below the phases in which Spring Boot's web servers finish their
 * graceful shutdown and stop, so requests in flight still find a working runtime and no request arrives
 * after it is gone. The runtime bean is obtained from this one, so this one exists whenever the runtime
 * does: if the context fails before its lifecycle starts, {@link #destroy()} shuts the runtime down.
 *
 * <p>A runtime cannot start again once shut down, so only a stop that is part of closing the context, or
 * of a refresh that failed, shuts it down. An explicit {@code stop()} of a context that stays open leaves
 * the runtime running, with a warning, and a later {@code start()} finds it running.
 */
public final class ProcessRuntimeLifecycle
    implements SmartLifecycle, DisposableBean, ApplicationListener<ApplicationContextEvent>, ApplicationContextAware {

  /**
   * The phase in which the runtime shuts down: below {@code DEFAULT_PHASE - 1024}, where a web server
   * shuts down gracefully, and {@code DEFAULT_PHASE - 2048}, where it stops. Lifecycles stop from the
   * highest phase down.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Log logger = LogFactory.getLog(ProcessRuntimeLifecycle.class);

  private final ProcessRuntime runtime;
  private final Duration gracePeriod;
  private final Duration killTimeout;

  // Written by the thread that refreshes the context and read by the one that closes it.
  private volatile boolean started;

  // Set as this context starts closing, which it announces before it stops its lifecycles (with an
  // asynchronous event multicaster the announcement may come late: the context's own closed flag, set
  // before, is read too).
  private volatile boolean closing;

  // Set once this context has refreshed: a stop before that is a failed refresh taking things down.
  private volatile boolean refreshed;

  private ApplicationContext context;

  /**
   * @param runtime the runtime to shut down with the context
   * @param shutdown the grace period and kill timeout
   */
  public ProcessRuntimeLifecycle(ProcessRuntime runtime, RusmProperties.Shutdown shutdown) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.gracePeriod = shutdown.gracePeriod();
    this.killTimeout = shutdown.killTimeout();
  }

  /** The runtime this lifecycle shuts down. */
  public ProcessRuntime runtime() {
    return runtime;
  }

  @Override
  public void start() {
    started = true;
  }

  @Override
  public void stop() {
    if (closing || !refreshed || (context instanceof ConfigurableApplicationContext c && c.isClosed())) {
      shutDown();
    } else {
      logger.warn("The application context was stopped without closing: the rusm runtime keeps running,"
          + " since it could not start again; it shuts down when the context closes");
    }
  }

  @Override
  public void onApplicationEvent(ApplicationContextEvent event) {
    // A child context (a management server's, say) refreshing or closing is not this one doing so.
    if (event.getApplicationContext() != context) {
      return;
    }
    if (event instanceof ContextRefreshedEvent) {
      refreshed = true;
    } else if (event instanceof ContextClosedEvent) {
      closing = true;
    }
  }

  @Override
  public void setApplicationContext(ApplicationContext applicationContext) {
    this.context = applicationContext;
  }

  @Override
  public boolean isRunning() {
    return started && !runtime.isShutdown();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** A runtime cannot restart, so pausing the context must not shut it down. */
  @Override
  public boolean isPauseable() {
    return false;
  }

  @Override
  public void destroy() {
    shutDown();
  }

  private void shutDown() {
    if (runtime.isShutdown()) {
      return;
    }
    if (logger.isDebugEnabled()) {
      logger.debug("Shutting down " + runtime + ": grace period " + gracePeriod + ", then kill");
    }
    if (!runtime.shutdown(gracePeriod, killTimeout)) {
      logger.warn(runtime.live() + " rusm process(es) ignored the kill and were still live "
          + killTimeout + " after it (rusm.shutdown.kill-timeout); closing without waiting for them");
    }
  }
}
