package io.rusm.sample.messages;

import io.rusm.sample.web.InvalidInputException;
import io.rusm.sample.web.Violation;
import io.rusm.storm.MessageStormSettings;
import io.rusm.storm.MessageWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of {@code POST /api/message-storms}. Every field may be left out and then takes its default.
 *
 * @param workload {@code ping-pong}, {@code ring} (default) or {@code fan-in}
 * @param durationSeconds how long the storm runs; default {@link MessageStormLimits#defaultDuration()}
 * @param size pairs for ping-pong (default 100), processes in the ring (default 10,000), senders for fan-in
 *     (default 100)
 * @param window for fan-in, the messages each sender may have in flight; default 64
 */
public record MessageStormRequest(String workload, Long durationSeconds, Integer size, Integer window) {

  /** A request with every field left out. */
  public static MessageStormRequest defaults() {
    return new MessageStormRequest(null, null, null, null);
  }

  /**
   * The settings this request asks for, within {@code limits}.
   *
   * @throws InvalidInputException listing every field that is out of range
   */
  public MessageStormSettings toSettings(MessageStormLimits limits) {
    List<Violation> violations = new ArrayList<>();
    MessageWorkload kind = MessageWorkload.RING;
    if (workload != null) {
      try {
        kind = MessageWorkload.ofTag(workload);
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("workload", "must be one of ping-pong, ring, fan-in, was '" + workload + "'"));
      }
    }
    long duration = check(violations, "durationSeconds", durationSeconds, limits.defaultDuration().toSeconds(), 1,
        limits.maxDuration().toSeconds(), "sample.messages.max-duration");
    long count = switch (kind) {
      case PING_PONG -> check(violations, "size", size, 100, 1, limits.maxPairs(), "sample.messages.max-pairs");
      case RING -> check(violations, "size", size, 10_000, 2, limits.maxRing(), "sample.messages.max-ring");
      case FAN_IN -> check(violations, "size", size, 100, 1, limits.maxSenders(), "sample.messages.max-senders");
    };
    long inFlight = check(violations, "window", window, MessageStormSettings.DEFAULT_WINDOW, 1, limits.maxWindow(),
        "sample.messages.max-window");
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return MessageStormSettings.of(kind, (int) count)
        .withDuration(Duration.ofSeconds(duration))
        .withWindow((int) inFlight);
  }

  private static long check(List<Violation> violations, String field, Number value, long defaultValue,
      long min, long max, String limitProperty) {
    if (value == null) {
      // A default bows to the limit the application configured, as the other storms' defaults do.
      return Math.min(defaultValue, max);
    }
    long v = value.longValue();
    if (v < min || v > max) {
      violations.add(new Violation(field, "must be between " + min + " and " + max + " (limit: " + limitProperty
          + "), was " + v));
    }
    return v;
  }
}
