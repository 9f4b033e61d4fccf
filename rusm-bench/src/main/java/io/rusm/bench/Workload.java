package io.rusm.bench;

import java.util.Locale;

/**
 * One messaging workload and its size: ping-pong pairs, a ring of processes, or senders fanning in to one
 * receiver. Every side of a comparison (rusm, the raw virtual-thread mailboxes, Pekko, BEAM) runs the same
 * workload with the same messages and the same flow control.
 *
 * @param kind which workload
 * @param size pairs, ring processes or senders
 * @param window fan-in only: the credit window per sender, in messages; the receiver grants {@code
 *     window / 2} more each time it takes a message that asks for an acknowledgement (every {@code window
 *     / 2}-th message of a sender), so no sender ever has more than {@code window} messages unacknowledged
 */
record Workload(Kind kind, int size, int window) {

  /** The default credit window per fan-in sender. */
  static final int DEFAULT_WINDOW = 64;

  /** The three workloads, with the command name and what their size counts. */
  enum Kind {
    PING_PONG("ping-pong", "--pairs", 1, "pair"),
    RING("ring", "--size", 10_000, "process"),
    FAN_IN("fan-in", "--senders", 1_000, "sender");

    final String command;
    final String sizeOption;
    final int defaultSize;
    final String unit;

    Kind(String command, String sizeOption, int defaultSize, String unit) {
      this.command = command;
      this.sizeOption = sizeOption;
      this.defaultSize = defaultSize;
      this.unit = unit;
    }
  }

  /** Messages acknowledged at a time: the credit a fan-in receiver grants back. */
  int ackEvery() {
    return window / 2;
  }

  /** Processes a round spawns. */
  int processes() {
    return switch (kind) {
      case PING_PONG -> 2 * size;
      case RING -> size;
      case FAN_IN -> size + 1;
    };
  }

  /** What one message is, so the rates read the same for every side. */
  String describe() {
    String units = String.format(Locale.ROOT, "%,d %s%s", size, kind.unit, size == 1 ? "" : kind.unit.endsWith("s")
        ? "es" : "s");
    return switch (kind) {
      case PING_PONG -> "ping-pong, " + units + "; a ping and its pong are two messages";
      case RING -> "ring of " + units + ", one token; each hop is one message";
      case FAN_IN -> "fan-in of " + units + " to one receiver; credit window " + window + " per sender, "
          + ackEvery() + " granted per acknowledgement; each message the receiver takes counts";
    };
  }
}
