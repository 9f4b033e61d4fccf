package io.rusm;

/**
 * How many processes have backed-up mailboxes, from {@link ProcessRuntime#mailboxBacklog()}: the alert an
 * operator wants for a process that cannot keep up with what it is sent.
 *
 * @param processes processes whose mailbox is longer than {@code warnLength}
 * @param longest the longest such mailbox, or 0 if there is none
 * @param warnLength the length past which a mailbox counts, {@link
 *     ProcessRuntime.Builder#mailboxWarnLength(int)}
 */
public record MailboxBacklog(long processes, long longest, long warnLength) {}
