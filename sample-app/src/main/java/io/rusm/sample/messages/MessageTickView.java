package io.rusm.sample.messages;

import io.rusm.storm.Latency;
import io.rusm.storm.MessageTick;

/**
 * A {@link MessageTick} as JSON: the data of a {@code message-tick} event, and a message storm's latest tick.
 *
 * @param stormId the message storm it belongs to
 * @param workload {@code ping-pong}, {@code ring} or {@code fan-in}
 * @param elapsedMillis time since the storm started
 * @param sent messages sent so far
 * @param delivered messages that reached a live mailbox
 * @param received messages taken by a receive
 * @param deadLetters messages that reached no live process
 * @param dropped messages left in mailboxes of processes that exited
 * @param messagesPerSecond messages received per second over the last tick interval
 * @param receiverMailbox for fan-in, the receiver's mailbox length; else 0
 * @param latency ping-pong round-trip latency over the last tick interval
 */
public record MessageTickView(long stormId, String workload, long elapsedMillis, long sent, long delivered,
    long received, long deadLetters, long dropped, double messagesPerSecond, long receiverMailbox, Latency latency) {

  static MessageTickView of(long stormId, String workload, MessageTick tick) {
    return new MessageTickView(stormId, workload, tick.elapsed().toMillis(), tick.sent(), tick.delivered(),
        tick.received(), tick.deadLetters(), tick.dropped(), tick.messagesPerSecond(), tick.receiverMailbox(),
        tick.latency());
  }
}
