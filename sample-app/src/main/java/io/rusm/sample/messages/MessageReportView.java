package io.rusm.sample.messages;

import io.rusm.storm.Latency;
import io.rusm.storm.MessageReport;

/**
 * A {@link MessageReport} as JSON: the data of a {@code message-report} event, and a finished storm's result.
 *
 * @param stormId the message storm it belongs to
 * @param workload {@code ping-pong}, {@code ring} or {@code fan-in}
 * @param size pairs, ring processes or senders
 * @param processes processes it spawned
 * @param elapsedMillis how long messages flowed
 * @param sent messages sent
 * @param delivered messages delivered
 * @param received messages received
 * @param deadLetters messages that reached no live process
 * @param dropped messages left in mailboxes at the end
 * @param meanMessagesPerSecond received divided by elapsed
 * @param peakMessagesPerSecond the highest rate of any tick interval
 * @param peakReceiverMailbox for fan-in, the longest the receiver's mailbox was at a tick
 * @param latency ping-pong round-trip latency over the whole storm
 * @param balanced whether sent = delivered + dead letters and delivered = received + dropped
 */
public record MessageReportView(long stormId, String workload, int size, int processes, long elapsedMillis,
    long sent, long delivered, long received, long deadLetters, long dropped, double meanMessagesPerSecond,
    double peakMessagesPerSecond, long peakReceiverMailbox, Latency latency, boolean balanced) {

  static MessageReportView of(long stormId, MessageReport r) {
    return new MessageReportView(stormId, r.workload().tag(), r.size(), r.processes(), r.elapsed().toMillis(),
        r.sent(), r.delivered(), r.received(), r.deadLetters(), r.dropped(), r.meanMessagesPerSecond(),
        r.peakMessagesPerSecond(), r.peakReceiverMailbox(), r.latency(), r.balanced());
  }
}
