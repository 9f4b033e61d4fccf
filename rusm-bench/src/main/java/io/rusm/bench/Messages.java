package io.rusm.bench;

/**
 * The messages of the messaging workloads, shared by rusm, the raw mailboxes and Pekko so that every side
 * allocates the same small records. Where a message names its sender, {@code from} is whatever that side
 * addresses a process by: a {@link io.rusm.ProcessRef}, a raw mailbox, or a Pekko {@code ActorRef}.
 */
final class Messages {

  private Messages() {}

  /** Ping-pong: the ball, naming who to bounce it back to. */
  record Ball(Object from) {}

  /** Ring: the token, counting its hops. */
  record Token(long hops) {}

  /** Ring: the end of a round, passed around once; the process that started it stops it. */
  record RingStop(int initiator) {}

  /** Fan-in: one message; {@code ack} asks the receiver to grant its sender more credit. */
  record Item(Object from, boolean ack) {}

  /** Fan-in: credit for {@code n} more messages. */
  record Credit(int n) {}

  /** Starts a ping-pong pair. */
  static final Object GO = new Go();

  /** Ends a pong. */
  static final Object STOP = new Stop();

  private record Go() {}

  private record Stop() {}
}
