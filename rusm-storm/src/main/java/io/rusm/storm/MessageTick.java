package io.rusm.storm;

import java.time.Duration;

/**
 * One sample of a running {@link MessageStorm}. Message counts are the runtime's, relative to the storm's
 * start (a storm assumes the runtime is its own).
 *
 * @param elapsed time since the storm started
 * @param sent messages sent so far
 * @param delivered messages that reached a live mailbox
 * @param received messages taken by a receive
 * @param deadLetters messages that reached no live process (a ring's token passed to a process already
 *     stopped, as the storm ends)
 * @param dropped messages left in mailboxes of processes that exited
 * @param messagesPerSecond messages received per second over the last interval
 * @param receiverMailbox for fan-in, the receiver's mailbox length now; 0 for the other workloads
 * @param latency ping-pong round-trip latency over the last interval, from sampled round trips; {@link
 *     Latency#NONE} for the other workloads
 */
public record MessageTick(
    Duration elapsed,
    long sent,
    long delivered,
    long received,
    long deadLetters,
    long dropped,
    double messagesPerSecond,
    long receiverMailbox,
    Latency latency) {
}
