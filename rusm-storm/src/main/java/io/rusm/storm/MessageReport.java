package io.rusm.storm;

import java.time.Duration;

/**
 * The end of a {@link MessageStorm}, once every process it spawned has exited: the figures to quote.
 *
 * @param workload what ran
 * @param size pairs, ring processes or senders
 * @param processes processes the storm spawned
 * @param elapsed how long messages flowed, from the first message to the stop
 * @param sent messages sent
 * @param delivered messages that reached a live mailbox
 * @param received messages taken by a receive
 * @param deadLetters messages that reached no live process
 * @param dropped messages left in mailboxes of processes that exited
 * @param meanMessagesPerSecond received divided by elapsed
 * @param peakMessagesPerSecond the highest rate of any tick interval
 * @param peakReceiverMailbox for fan-in, the longest the receiver's mailbox was at a tick; else 0
 * @param latency ping-pong round-trip latency over the whole storm; {@link Latency#NONE} otherwise
 * @param balanced whether the counts add up: sent = delivered + dead letters, and delivered = received +
 *     dropped, now that no storm process is left to hold a message
 */
public record MessageReport(
    MessageWorkload workload,
    int size,
    int processes,
    Duration elapsed,
    long sent,
    long delivered,
    long received,
    long deadLetters,
    long dropped,
    double meanMessagesPerSecond,
    double peakMessagesPerSecond,
    long peakReceiverMailbox,
    Latency latency,
    boolean balanced) {
}
