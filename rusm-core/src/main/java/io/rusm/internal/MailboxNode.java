package io.rusm.internal;

/** A link in a {@link Mailbox}'s queue. The mailbox is one too: its own first stub. */
class MailboxNode {
  // Written before the compare-and-set that publishes the node, read after a volatile read of the tail
  // or an acquiring read of next: a plain field is enough.
  long seq;
  // Cleared by the consumer once taken, so the stub retains no message.
  Object message;
  // Written once, by the producer that linked the successor (release); read by the consumer (acquire).
  volatile MailboxNode next;
}
