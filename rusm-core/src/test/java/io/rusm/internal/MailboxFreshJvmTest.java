package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Offers cut short by a stack overflow, in a JVM of their own. In the JVM the other tests have warmed,
 * the offer's field accesses are compiled inline and a sender deep in its stack can overflow only before
 * or after them; in a fresh JVM each is a call of its own, with calls inside it, and the overflow can
 * come between the exchange on the tail and the link, which once left a node in the tail that nothing
 * would ever link, and the consumer waiting for it for ever (the link's call then went deeper than the
 * count's, the one call that had a handler).
 */
class MailboxFreshJvmTest {

  private static final int ATTEMPTS = 200;
  private static final String WHOLE = "whole after " + ATTEMPTS + " attempts";
  // Where in the first, uncompiled offers the overflows fall differs from one JVM to the next: with the
  // link unguarded, half the JVMs wedged. Eight of them miss it one time in some 250.
  private static final int JVMS = 8;

  @Test
  void offersCutShortByAStackOverflowInFreshJvmsLeaveTheQueueWhole() throws Exception {
    long cutShort = 0;
    for (int i = 1; i <= JVMS; i++) {
      Process jvm = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), Dive.class.getName())).redirectErrorStream(true).start();
      if (!jvm.waitFor(90, TimeUnit.SECONDS)) {
        jvm.destroyForcibly();
        fail("fresh JVM " + i + " of " + JVMS + " did not finish in 90 s");
      }
      String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(jvm.exitValue()).as("fresh JVM %d of %d: %s", i, JVMS, out).isZero();
      assertThat(out).contains(WHOLE);
      cutShort += Long.parseLong(out.replaceAll("(?s).*offers cut short: (\\d+).*", "$1"));
    }
    assertThat(cutShort).as("offers that failed").isPositive();
  }

  /** What the fresh JVM runs: the overflowing sender (MailboxTest runs it too), with a bounded wait for each drain. */
  static final class Dive {

    public static void main(String[] args) throws Exception {
      long cutShort = 0;
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Mailbox box = new Mailbox();
        long[] counts = new long[2];
        Thread sender = Thread.ofPlatform().stackSize(256 * 1024)
            .start(() -> dive(box, Thread.currentThread(), counts));
        sender.join();
        long[] taken = new long[1];
        // The drain spins uninterruptibly on a node that is never linked: a daemon thread, waited for
        // with a bound, tells a wedged queue from a whole one.
        Thread drain = Thread.ofPlatform().daemon().start(() -> {
          try {
            while (box.take(0) != null) {
              taken[0]++;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        drain.join(TimeUnit.SECONDS.toMillis(20));
        if (drain.isAlive()) {
          System.out.println("wedged at attempt " + attempt + ": a message offered and never linked");
          System.exit(1);
        }
        if (taken[0] < counts[0]) {
          System.out.println("attempt " + attempt + ": took " + taken[0] + " of " + counts[0] + " counted");
          System.exit(1);
        }
        box.close(new MessageCounters());
        cutShort += counts[1];
      }
      System.out.println(WHOLE + "; offers cut short: " + cutShort);
    }

    /**
     * Recurses until the stack overflows, then offers at each depth on the way back, counting in {@code
     * counts[0]} the offers that returned a number and in {@code counts[1]} those the overflow cut short.
     */
    static void dive(Mailbox box, Thread owner, long[] counts) {
      try {
        dive(box, owner, counts);
      } catch (StackOverflowError e) {
        // Unwinding: offer at each depth on the way back.
      }
      try {
        if (box.offer("m", owner) > 0) {
          counts[0]++;
        }
      } catch (StackOverflowError e) {
        counts[1]++;
      }
    }
  }
}
