package io.rusm.autoconfigure.actuate;

import io.rusm.MailboxBacklog;
import io.rusm.ProcessRuntime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of a {@link ProcessRuntime}: {@code UP} while it accepts spawns, {@code DOWN} once it is shut
 * down, and, when a mailbox length limit is set, {@code OUT_OF_SERVICE} while any mailbox is longer than
 * the limit. Details: {@code live} and {@code limit} (the most processes that may be live at once); the
 * mailbox backlog from {@link ProcessRuntime#mailboxBacklog()}: {@code backloggedProcesses},
 * {@code longestMailbox} and {@code mailboxWarnLength}; {@code mailboxLengthLimit} when one is set; and,
 * when down, {@code terminated} (whether every process has exited).
 *
 * <p>A backed-up mailbox is {@code OUT_OF_SERVICE}, not {@code DOWN}: the runtime still works and the
 * status clears by itself once the process catches up, whereas {@code DOWN} means the runtime is shut down
 * for good. Both answer 503 by default, so a load balancer stops sending work either way, and an operator
 * can tell the two apart.
 */
public final class ProcessRuntimeHealthIndicator implements HealthIndicator {

  private final ProcessRuntime runtime;
  private final @Nullable Long mailboxLengthLimit;

  /** @param runtime the runtime to report on, with no mailbox length limit */
  public ProcessRuntimeHealthIndicator(ProcessRuntime runtime) {
    this(runtime, null);
  }

  /**
   * @param runtime the runtime to report on
   * @param mailboxLengthLimit the mailbox length beyond which the runtime is reported {@code
   *     OUT_OF_SERVICE}, or {@code null} for none; at least the runtime's mailbox warn length, since only
   *     mailboxes longer than that are watched
   * @throws IllegalArgumentException if the limit is below the runtime's mailbox warn length
   */
  public ProcessRuntimeHealthIndicator(ProcessRuntime runtime, @Nullable Long mailboxLengthLimit) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    if (mailboxLengthLimit != null) {
      long warnLength = runtime.mailboxWarnLength();
      if (mailboxLengthLimit < warnLength) {
        throw new IllegalArgumentException("rusm.health.mailbox-length-limit must be at least the runtime's "
            + "mailbox warn length (" + warnLength + "), since only mailboxes longer than it are watched, was "
            + mailboxLengthLimit);
      }
    }
    this.mailboxLengthLimit = mailboxLengthLimit;
  }

  @Override
  public Health health() {
    MailboxBacklog backlog = runtime.mailboxBacklog();
    Health.Builder builder;
    if (runtime.isShutdown()) {
      builder = Health.down();
    } else if (mailboxLengthLimit != null && backlog.longest() > mailboxLengthLimit) {
      builder = Health.status(Status.OUT_OF_SERVICE);
    } else {
      builder = Health.up();
    }
    builder.withDetail("live", runtime.live())
        .withDetail("limit", runtime.maxProcesses())
        .withDetail("backloggedProcesses", backlog.processes())
        .withDetail("longestMailbox", backlog.longest())
        .withDetail("mailboxWarnLength", backlog.warnLength());
    if (mailboxLengthLimit != null) {
      builder.withDetail("mailboxLengthLimit", mailboxLengthLimit);
    }
    if (runtime.isShutdown()) {
      builder.withDetail("terminated", runtime.isTerminated());
    }
    return builder.build();
  }
}
