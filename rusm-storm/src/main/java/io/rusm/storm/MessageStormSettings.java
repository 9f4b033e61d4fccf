package io.rusm.storm;

import java.time.Duration;

/**
 * How a {@link MessageStorm} runs. Start from {@link #of(MessageWorkload, int)} and change what you need
 * with the {@code with} methods; each checks its value.
 *
 * @param workload ping-pong pairs, a ring, or fan-in
 * @param size pairs for ping-pong (1 to 10,000), processes in the ring (2 to 100,000), senders for fan-in
 *     (1 to 10,000); see {@link MessageWorkload#maxSize()}
 * @param duration how long the storm runs, or {@code null} to run until stopped
 * @param window for fan-in, how many messages each sender may have sent that the receiver has not yet
 *     taken (flow control: the receiver's mailbox never holds more than {@code size * window}); 1 to
 *     {@value #MAX_WINDOW}; ignored by the other workloads
 * @param tickInterval how often the storm is sampled into a {@link MessageTick}
 */
public record MessageStormSettings(
    MessageWorkload workload,
    int size,
    Duration duration,
    int window,
    Duration tickInterval) {

  /** The default fan-in window. */
  public static final int DEFAULT_WINDOW = 64;

  /** The largest fan-in window. */
  public static final int MAX_WINDOW = 10_000;

  /**
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public MessageStormSettings {
    if (workload == null) {
      throw new IllegalArgumentException("workload must not be null");
    }
    if (size < workload.minSize() || size > workload.maxSize()) {
      throw new IllegalArgumentException("size (" + workload.sizeUnit() + " for " + workload.tag()
          + ") must be between " + workload.minSize() + " and " + workload.maxSize() + ", was " + size);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive (or null to run until stopped), was "
          + duration);
    }
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("window must be between 1 and " + MAX_WINDOW + ", was " + window);
    }
    if (tickInterval == null || tickInterval.toMillis() < 1) {
      throw new IllegalArgumentException("tickInterval must be at least 1ms, was " + tickInterval);
    }
  }

  /** A storm of {@code workload} with {@code size}, until stopped, the default window, a tick every 250 ms. */
  public static MessageStormSettings of(MessageWorkload workload, int size) {
    return new MessageStormSettings(workload, size, null, DEFAULT_WINDOW, StormSettings.DEFAULT_TICK_INTERVAL);
  }

  /** These settings, running for {@code duration} ({@code null}: until stopped). */
  public MessageStormSettings withDuration(Duration duration) {
    return new MessageStormSettings(workload, size, duration, window, tickInterval);
  }

  /** These settings, with fan-in window {@code window}. */
  public MessageStormSettings withWindow(int window) {
    return new MessageStormSettings(workload, size, duration, window, tickInterval);
  }

  /** These settings, ticking every {@code tickInterval}. */
  public MessageStormSettings withTickInterval(Duration tickInterval) {
    return new MessageStormSettings(workload, size, duration, window, tickInterval);
  }

  /** How many processes the storm spawns: two per pair, the ring's size, or the senders and the receiver. */
  public int processes() {
    return switch (workload) {
      case PING_PONG -> 2 * size;
      case RING -> size;
      case FAN_IN -> size + 1;
    };
  }
}
