package io.rusm.storm;

import java.util.Locale;

/** The shape of a {@link MessageStorm}: who sends to whom. */
public enum MessageWorkload {

  /** Pairs of processes: one sends a ping, the other answers with a pong, and again. Up to 10,000 pairs. */
  PING_PONG("ping-pong", 1, 10_000),

  /** Processes in a ring, each passing a token to the next, round and round. 2 to 100,000 processes. */
  RING("ring", 2, 100_000),

  /** Many senders sending to one receiver, with flow control that bounds its mailbox. Up to 10,000 senders. */
  FAN_IN("fan-in", 1, 10_000);

  private final String tag;
  private final int minSize;
  private final int maxSize;

  MessageWorkload(String tag, int minSize, int maxSize) {
    this.tag = tag;
    this.minSize = minSize;
    this.maxSize = maxSize;
  }

  /** The workload's name in lower case with a hyphen, as in {@code ping-pong}. */
  public String tag() {
    return tag;
  }

  /** The smallest size: pairs, ring processes or senders. */
  public int minSize() {
    return minSize;
  }

  /** The largest size: pairs, ring processes or senders. */
  public int maxSize() {
    return maxSize;
  }

  /** What the size counts, for messages: {@code pairs}, {@code processes} or {@code senders}. */
  public String sizeUnit() {
    return switch (this) {
      case PING_PONG -> "pairs";
      case RING -> "processes";
      case FAN_IN -> "senders";
    };
  }

  /**
   * The workload with this tag ({@code ping-pong}, {@code ring}, {@code fan-in}; case and {@code _} for
   * {@code -} do not matter).
   *
   * @throws IllegalArgumentException naming the tags if none matches
   */
  public static MessageWorkload ofTag(String tag) {
    String normal = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (MessageWorkload w : values()) {
      if (w.tag.equals(normal)) {
        return w;
      }
    }
    throw new IllegalArgumentException("workload must be one of ping-pong, ring, fan-in, was '" + tag + "'");
  }
}
