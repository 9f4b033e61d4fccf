package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the auto-configured {@link ProcessRuntime}, bound from {@code rusm.*}. Every value is checked
 * as it is bound, so a wrong one stops start-up with a message that names the property and its rule.
 *
 * @param enabled Whether to auto-configure a ProcessRuntime bean.
 * @param maxProcesses The most processes that may be live at once; a spawn beyond it is refused and
 *     counted as rejected. Must be positive.
 * @param threadNamePrefix The prefix of each process's virtual-thread name, followed by its process
 *     number (rusm-42 for process 42 with prefix rusm-), so processes are recognisable in thread dumps.
 *     Unset or empty (the default) leaves threads unnamed, like plain virtual threads: a name costs a
 *     string per spawn, about a tenth of a spawn storm's rate.
 * @param propagateContext Whether to carry the spawning thread's context (trace and span, MDC entries,
 *     anything else registered with Micrometer's Context Propagation library) into each process: the
 *     counterpart of spring.task.execution.propagate-context for Spring Boot's own task executors. Needs
 *     io.micrometer:context-propagation on the classpath. Off by default: it costs a capture at every
 *     spawn.
 * @param table The process table.
 * @param shutdown How the runtime shuts down when the application context closes.
 * @param mailbox Process mailboxes.
 * @param health The rusm health indicator.
 */
@ConfigurationProperties("rusm")
public record RusmProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("" + ProcessRuntime.DEFAULT_MAX_PROCESSES) int maxProcesses,
    @Nullable String threadNamePrefix,
    @DefaultValue("false") boolean propagateContext,
    @DefaultValue Table table,
    @DefaultValue Shutdown shutdown,
    @DefaultValue Mailbox mailbox,
    @DefaultValue Health health) {

  /**
   * @throws IllegalArgumentException naming the property if a value breaks its rule (the health indicator
   *     checks its mailbox length limit against the warn length of the runtime it reports on)
   */
  public RusmProperties {
    if (maxProcesses <= 0) {
      throw new IllegalArgumentException("rusm.max-processes must be positive, was " + maxProcesses);
    }
  }

  /**
   * The process table.
   *
   * @param stripes The number of independent stripes in the process table: a power of two from 1 to
   *     65536. More stripes mean fewer collisions between threads spawning and exiting at once. Unset: the
   *     power of two at or above 64 stripes per available processor.
   */
  public record Table(@Nullable Integer stripes) {

    /**
     * @throws IllegalArgumentException naming the property if {@code stripes} is not a power of two in
     *     range
     */
    public Table {
      if (stripes != null
          && (stripes <= 0 || stripes > ProcessRuntime.MAX_STRIPES || Integer.bitCount(stripes) != 1)) {
        throw new IllegalArgumentException("rusm.table.stripes must be a power of two from 1 to "
            + ProcessRuntime.MAX_STRIPES + ", was " + stripes);
      }
    }
  }

  /**
   * How the runtime shuts down when the application context closes: after the web server has stopped
   * taking requests, new spawns are refused, live processes get the grace period to finish, the rest are
   * killed, and the close waits at most the kill timeout for them to exit.
   *
   * @param gracePeriod How long live processes get to finish before they are killed. Zero or positive.
   * @param killTimeout How long to wait for killed processes to exit; processes that ignore the kill
   *     beyond it are left behind with a warning that says how many. Zero or positive.
   */
  public record Shutdown(
      @DefaultValue("5s") Duration gracePeriod,
      @DefaultValue("5s") Duration killTimeout) {

    /**
     * @throws IllegalArgumentException naming the property if a duration is negative
     */
    public Shutdown {
      requireNotNegative(gracePeriod, "rusm.shutdown.grace-period");
      requireNotNegative(killTimeout, "rusm.shutdown.kill-timeout");
    }

    private static void requireNotNegative(Duration duration, String property) {
      if (duration.isNegative()) {
        throw new IllegalArgumentException(property + " must be zero or positive, was " + duration);
      }
    }
  }

  /**
   * Process mailboxes.
   *
   * @param warnLength The mailbox length past which a process counts as backlogged, in the
   *     rusm_mailboxes_* gauges, the processes endpoint's totals and the health details. Senders look at a
   *     mailbox's length at every 1,024th message sent to it (more often for a warn length below 1,024), so
   *     a mailbox is counted at most that many messages after it passes this length. It does not bound
   *     mailboxes. Must be positive.
   */
  public record Mailbox(@DefaultValue("" + ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH) int warnLength) {

    /**
     * @throws IllegalArgumentException naming the property if {@code warnLength} is not positive
     */
    public Mailbox {
      if (warnLength <= 0) {
        throw new IllegalArgumentException("rusm.mailbox.warn-length must be positive, was " + warnLength);
      }
    }
  }

  /**
   * The rusm health indicator.
   *
   * @param mailboxLengthLimit The mailbox length beyond which the rusm health indicator reports
   *     OUT_OF_SERVICE, so that a process that cannot keep up with its messages takes the instance out of
   *     rotation until it catches up. Unset (the default): mailbox lengths never change the status. Must be
   *     at least the runtime's mailbox warn length (rusm.mailbox.warn-length for the auto-configured
   *     runtime), since only mailboxes longer than that are watched. Applies to an application's own
   *     runtime too.
   */
  public record Health(@Nullable Long mailboxLengthLimit) {

    /** @throws IllegalArgumentException naming the property if the limit is not positive */
    public Health {
      if (mailboxLengthLimit != null && mailboxLengthLimit <= 0) {
        throw new IllegalArgumentException("rusm.health.mailbox-length-limit must be positive, was "
            + mailboxLengthLimit);
      }
    }
  }
}
