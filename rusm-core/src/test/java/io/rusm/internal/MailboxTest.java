package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailboxTest {

  private static final Function<Object, Object> EVEN = m -> m instanceof Integer i && i % 2 == 0 ? m : null;

  @Test
  void aTimedTakeReturnsNullWhenNothingComesAndTheMessageWhenItDoes() throws Exception {
    Mailbox box = new Mailbox();
    assertThat(box.take(TimeUnit.MILLISECONDS.toNanos(5))).isNull();
    assertThat(box.take(EVEN, EVEN, TimeUnit.MILLISECONDS.toNanos(5))).isNull();
    assertThat(box.offer(1, Thread.currentThread())).isEqualTo(1);
    assertThat(box.take(EVEN, EVEN, TimeUnit.MILLISECONDS.toNanos(5))).isNull();
    assertThat(box.length()).isEqualTo(1);
    assertThat(box.take(0)).isEqualTo(1);
    assertThat(box.length()).isZero();
  }

  @Test
  void aWaitingTakeIsWokenByAnOfferFromAnotherThread() throws Exception {
    Mailbox box = new Mailbox();
    CompletableFuture<Object> taken = new CompletableFuture<>();
    Thread owner = Thread.ofVirtual().start(() -> {
      try {
        taken.complete(box.take(EVEN, EVEN, TimeUnit.SECONDS.toNanos(30)));
      } catch (InterruptedException e) {
        taken.completeExceptionally(e);
      }
    });
    while (owner.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    box.offer(3, owner);
    box.offer(4, owner);
    assertThat(taken.get()).isEqualTo(4);
    assertThat(box.length()).isEqualTo(1);
  }

  @Test
  void anInterruptEndsAWait() throws Exception {
    Mailbox box = new Mailbox();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread owner = Thread.ofVirtual().start(() -> {
      try {
        box.take(TimeUnit.SECONDS.toNanos(30));
      } catch (InterruptedException e) {
        ended.complete(e);
      }
    });
    while (owner.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    owner.interrupt();
    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    try {
      box.take(Long.MAX_VALUE);
    } catch (InterruptedException expected) {
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @Test
  void closingCountsWhatWasLeftOnceAndRefusesLaterOffers() throws Exception {
    Mailbox box = new Mailbox();
    for (int i = 0; i < 5; i++) {
      box.offer(i, Thread.currentThread());
    }
    assertThat(box.take(EVEN, EVEN, 0)).isEqualTo(0);
    Function<Object, Object> four = m -> m.equals(4) ? m : null;
    assertThat(box.take(four, four, 0)).isEqualTo(4);
    assertThat(box.length()).isEqualTo(3);
    assertThat(box.delivered()).isEqualTo(5);
    assertThat(box.received()).isEqualTo(2);
    assertThat(box.isClosed()).isFalse();
    MessageCounters counters = new MessageCounters();
    box.close(counters);
    assertThat(box.isClosed()).isTrue();
    box.close(counters);
    assertThat(counters.delivered()).isEqualTo(5);
    assertThat(counters.received()).isEqualTo(2);
    assertThat(counters.dropped()).isEqualTo(3);
    assertThat(box.length()).isZero();
    assertThat(box.delivered()).isZero();
    assertThat(box.received()).isZero();
    assertThat(box.offer(9, Thread.currentThread())).isEqualTo(-1);
  }

  @Test
  void offersRacingACloseAreEachDeliveredOrRefusedExactlyOnce() throws Exception {
    int producers = 4;
    int perProducer = 2_000;
    int rounds = 50;
    long refusedInAllRounds = 0;
    for (int round = 0; round < rounds; round++) {
      Mailbox box = new Mailbox();
      Thread owner = Thread.currentThread();
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<long[]>> offered = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        CompletableFuture<long[]> seqs = new CompletableFuture<>();
        offered.add(seqs);
        Thread.ofPlatform().start(() -> {
          long[] got = new long[perProducer];
          try {
            start.await();
            for (int i = 0; i < perProducer; i++) {
              got[i] = box.offer(i, owner);
            }
            seqs.complete(got);
          } catch (Throwable t) {
            seqs.completeExceptionally(t);
          }
        });
      }
      start.countDown();
      long taken = 0;
      while (taken < perProducer / 4) {
        if (box.take(0) != null) {
          taken++;
        }
      }
      MessageCounters counters = new MessageCounters();
      box.close(counters);
      BitSet numbers = new BitSet();
      long admitted = 0;
      long refused = 0;
      for (CompletableFuture<long[]> f : offered) {
        for (long seq : f.get()) {
          if (seq < 0) {
            assertThat(seq).isEqualTo(-1);
            refused++;
          } else {
            assertThat(numbers.get((int) seq)).as("number %d given twice", seq).isFalse();
            numbers.set((int) seq);
            admitted++;
          }
        }
      }
      assertThat(admitted + refused).isEqualTo((long) producers * perProducer);
      assertThat(numbers.cardinality()).isEqualTo((int) admitted);
      assertThat(numbers.nextSetBit(0)).isEqualTo(1);
      assertThat(numbers.length()).isEqualTo((int) admitted + 1);
      assertThat(counters.delivered()).isEqualTo(admitted);
      assertThat(counters.received()).isEqualTo(taken);
      assertThat(counters.dropped()).isEqualTo(admitted - taken);
      assertThat(box.isClosed()).isTrue();
      assertThat(box.offer("late", owner)).isEqualTo(-1);
      assertThat(box.delivered()).isZero();
      assertThat(box.length()).isZero();
      refusedInAllRounds += refused;
    }
    // The close came while the producers were still offering in at least some rounds.
    assertThat(refusedInAllRounds).isPositive();
  }

  @Test
  void aMessageTheMatcherHoldsIsNotYetCountedReceived() throws Exception {
    Mailbox box = new Mailbox();
    box.offer("skipped", Thread.currentThread());
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Object key = new Object();
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      try {
        result.complete(box.take(key, m -> {
          holding.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        }, 0));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    holding.await();
    // Taken from the queue, not yet saved: still waiting, not received.
    assertThat(box.received()).isZero();
    assertThat(box.length()).isEqualTo(1);
    release.countDown();
    assertThat(result.get()).isNull();
    assertThat(box.received()).isZero();
    assertThat(box.length()).isEqualTo(1);
    assertThat(box.take(0)).isEqualTo("skipped");
    assertThat(box.received()).isEqualTo(1);
    assertThat(box.length()).isZero();
  }

  // Before offers settled what they began, this wedged at the first attempt: take(0) and close() spun
  // for ever, uninterruptibly, on a node swapped into the tail and never linked. Hence the timeout in a
  // thread of its own, which fails the test instead of hanging it.
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anOfferCutShortByAStackOverflowLeavesTheQueueWhole() throws Exception {
    // A sender offers at every depth of a recursion that overflows its stack, so that some offers
    // fail part way through, before or after their exchange on the tail. Whatever failed where, each
    // message that was counted can be taken, and nothing waits for a link that never comes.
    long cutShort = 0;
    for (int attempt = 0; attempt < 20; attempt++) {
      Mailbox box = new Mailbox();
      long[] counts = new long[2];
      Thread sender = Thread.ofPlatform().stackSize(256 * 1024)
          .start(() -> MailboxFreshJvmTest.Dive.dive(box, Thread.currentThread(), counts));
      sender.join();
      long taken = 0;
      while (box.take(0) != null) {
        taken++;
      }
      assertThat(taken).as("each offer that returned a number is taken").isGreaterThanOrEqualTo(counts[0]);
      // An offer that failed at its count delivered its message uncounted: the count reads low while
      // the mailbox is open; the close counts what it finds.
      assertThat(box.delivered()).isLessThanOrEqualTo(taken);
      MessageCounters counters = new MessageCounters();
      box.close(counters);
      assertThat(counters.delivered()).isEqualTo(taken);
      assertThat(counters.received()).isEqualTo(taken);
      assertThat(counters.dropped()).isZero();
      cutShort += counts[1];
    }
    assertThat(cutShort).as("offers that failed").isPositive();
  }

  @Test
  void aMatcherThatThrowsLeavesTheMessageInPlace() throws Exception {
    Mailbox box = new Mailbox();
    box.offer("a", Thread.currentThread());
    Function<Object, Object> broken = m -> {
      throw new IllegalStateException("broken matcher");
    };
    try {
      box.take(broken, broken, 0);
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("broken matcher");
    }
    assertThat(box.length()).isEqualTo(1);
    assertThat(box.take(0)).isEqualTo("a");
  }

  @Test
  void aFreshMailboxDoesNotSpinAndALongWaitLeavesSpinningOff() {
    Mailbox box = new Mailbox();
    assertThat(box.spinsNow()).isFalse();
    box.waited(TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(box.spinsNow()).isFalse();
    // A wait for ever is timed in 32 bits: one of seconds can come out negative, and is long too.
    box.waited((int) TimeUnit.SECONDS.toNanos(3));
    assertThat(box.spinsNow()).isFalse();
  }

  @Test
  void aShortWaitTurnsSpinningOnAndSpinsThatWorkKeepItOn() {
    Mailbox box = new Mailbox();
    box.waited(TimeUnit.MICROSECONDS.toNanos(2));
    assertThat(box.spinsNow()).isTrue();
    box.spun(true);
    assertThat(box.spinsNow()).isTrue();
    // Once on, a long wait does not turn it off: only a spin that fails pauses it.
    box.waited(TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(box.spinsNow()).isTrue();
  }

  @Test
  void eachFailedSpinPausesSpinningForTwiceAsManyWaitsAsTheLast() {
    Mailbox box = new Mailbox();
    box.waited(0);
    for (int pause = 1; pause <= 1 << 10; pause <<= 1) {
      assertThat(box.spinsNow()).isTrue();
      box.spun(false);
      assertThat(waitsUntilTheNextSpin(box)).isEqualTo(pause);
    }
    // The pause stops doubling at 1,024 waits.
    assertThat(box.spinsNow()).isTrue();
    box.spun(false);
    assertThat(waitsUntilTheNextSpin(box)).isEqualTo(1 << 10);
  }

  @Test
  void aSpinThatWorksHalvesTheNextFailuresPause() {
    Mailbox box = new Mailbox();
    box.waited(0);
    for (int i = 0; i < 3; i++) {
      assertThat(box.spinsNow()).isTrue();
      box.spun(false);
      waitsUntilTheNextSpin(box);
    }
    // Three failures: the next would pause 8 waits. One spin that works brings that back to 4.
    assertThat(box.spinsNow()).isTrue();
    box.spun(true);
    assertThat(box.spinsNow()).isTrue();
    box.spun(false);
    assertThat(waitsUntilTheNextSpin(box)).isEqualTo(4);
  }

  @Test
  void aMailboxSplitsOnlyOnceMessagesPileUp() throws Exception {
    Mailbox box = new Mailbox();
    assertThat(box.isBacklogged()).isFalse();
    for (int i = 0; i < Mailbox.SPLIT_BACKLOG - 1; i++) {
      box.offer(i, Thread.currentThread());
    }
    assertThat(box.isBacklogged()).isFalse();
    box.offer(Mailbox.SPLIT_BACKLOG - 1, Thread.currentThread());
    assertThat(box.isBacklogged()).isTrue();
    assertThat(box.take(0)).isEqualTo(0);
    assertThat(box.isBacklogged()).as("one taken: one fewer waiting").isFalse();
    assertThat(box.box()).isSameAs(box);
  }

  @Test
  void aSplitConsumerTakesOnInOrderWithTheSaveQueueAndCountsExactly() throws Exception {
    Mailbox box = new Mailbox();
    Thread me = Thread.currentThread();
    for (int i = 0; i < 100; i++) {
      box.offer(i, me);
    }
    // Before the split: 0 taken, then the odd ones up to 9 skipped by a selective take of 10.
    assertThat(box.take(0)).isEqualTo(0);
    Function<Object, Object> ten = m -> m.equals(10) ? m : null;
    assertThat(box.take(ten, ten, 0)).isEqualTo(10);
    assertThat(box.length()).isEqualTo(98);
    assertThat(box.received()).isEqualTo(2);

    MailboxConsumer c = box.split();
    assertThat(c).isNotSameAs(box);
    assertThat(c.box()).isSameAs(box);
    assertThat(box.length(c)).isEqualTo(98);
    assertThat(box.received(c)).isEqualTo(2);
    // The same selective take goes on where it left off; the saved messages come first, in order.
    assertThat(box.take(c, ten, ten, 0)).isNull();
    assertThat(box.take(c, EVEN, EVEN, 0)).isEqualTo(2);
    for (int expected : new int[] {1, 3, 4, 5, 6, 7, 8, 9, 11}) {
      assertThat(box.take(c, 0)).isEqualTo(expected);
    }
    assertThat(box.received(c)).isEqualTo(12);
    assertThat(box.length(c)).isEqualTo(88);
    box.offer("late", me);
    assertThat(box.length(c)).isEqualTo(89);

    MessageCounters counters = new MessageCounters();
    box.close(c, counters);
    assertThat(counters.delivered()).isEqualTo(101);
    assertThat(counters.received()).isEqualTo(12);
    assertThat(counters.dropped()).isEqualTo(89);
    // Nothing is left to read through either head, the split's or the mailbox's own, stale one.
    assertThat(box.length(c)).isZero();
    assertThat(box.length()).isZero();
    assertThat(box.received(c)).isZero();
    assertThat(box.received()).isZero();
    assertThat(box.offer("after", me)).isEqualTo(-1);
  }

  @Test
  void anObserverThatReadsTheMailboxAfterASplitNeverCountsMoreReceivedThanWere() throws Exception {
    Mailbox box = new Mailbox();
    Thread me = Thread.currentThread();
    for (int i = 0; i < 5; i++) {
      box.offer(i, me);
    }
    Function<Object, Object> stop = m -> m.equals("stop") ? m : null;
    assertThat(box.take(stop, stop, 0)).isNull();
    for (int i = 5; i < 5 + Mailbox.SPLIT_BACKLOG; i++) {
      box.offer(i, me);
    }
    MailboxConsumer c = box.split();
    // An observer that has not yet seen the split consumer reads through the mailbox: its head is
    // frozen, and the five saved messages must still be subtracted.
    assertThat(box.received()).isZero();
    assertThat(box.received(c)).isZero();
    assertThat(box.take(c, 0)).isEqualTo(0);
    assertThat(box.take(c, 0)).isEqualTo(1);
    assertThat(box.take(c, 0)).isEqualTo(2);
    assertThat(box.take(c, 0)).isEqualTo(3);
    assertThat(box.take(c, 0)).isEqualTo(4);
    assertThat(box.take(c, 0)).isEqualTo(5);
    assertThat(box.received(c)).isEqualTo(6);
    assertThat(box.received()).isLessThanOrEqualTo(6);
  }

  @Test
  void aSplitConsumerKeepsTheSpinPolicyAndWaitsForAnOffer() throws Exception {
    Mailbox box = new Mailbox();
    box.waited(0);
    box.spun(false);
    MailboxConsumer c = box.split();
    // Spinning was paused for one wait before the split, and still is after it.
    assertThat(c.spinsNow()).isFalse();
    assertThat(c.spinsNow()).isTrue();
    CompletableFuture<Object> taken = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread owner = Thread.ofVirtual().start(() -> {
      try {
        waiting.countDown();
        taken.complete(box.take(c, TimeUnit.SECONDS.toNanos(30)));
      } catch (InterruptedException e) {
        taken.completeExceptionally(e);
      }
    });
    waiting.await();
    box.offer("hello", owner);
    assertThat(taken.get()).isEqualTo("hello");
    assertThat(box.received(c)).isEqualTo(1);
  }

  // Waits that do not spin before the next one that does; leaves that one's spin to the caller.
  private static int waitsUntilTheNextSpin(Mailbox box) {
    int waits = 0;
    while (!box.spinsNow()) {
      waits++;
    }
    return waits;
  }
}
