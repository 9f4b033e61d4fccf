package io.rusm.internal;

/** A link in a {@link Mailbox}'s queue. The mailbox is one too: its own first stub. */
class MailboxNode {
  // 0 until the producer, after the exchange that publishes the node, has learned whether the mailbox
  // took it: then a positive number if it did, or Mailbox.REFUSED. Written plain, since a call there
  // could fail (see Mailbox.offer), and read by a later offer in a loop that a volatile read keeps
  // from being hoisted; the link's release then publishes it to the consumer. The consumer renumbers a
  // node as it takes it (plain: observers read it after an acquiring read of the head). The mailbox's
  // own seq counts deliveries instead (see Mailbox).
  long seq;
  // Cleared by the consumer once taken, so the stub retains no message.
  Object message;
  // Written once, by the producer that linked the successor (release); read by the consumer (acquire).
  volatile MailboxNode next;
}
