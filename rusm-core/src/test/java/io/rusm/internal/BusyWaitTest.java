package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BusyWaitTest {

  @Test
  void keepersAreOneLessThanTheCarriersAndNoneWhenTurnedOff() {
    assertThat(BusyWait.maxKeepers(2, null)).isEqualTo(1);
    assertThat(BusyWait.maxKeepers(8, "true")).isEqualTo(7);
    assertThat(BusyWait.maxKeepers(1, null)).isZero();
    assertThat(BusyWait.maxKeepers(0, null)).isZero();
    assertThat(BusyWait.maxKeepers(8, "false")).isZero();
    assertThat(BusyWait.maxKeepers(8, "FALSE")).isZero();
  }

  @Test
  void theSchedulerBeanSaysHowManyCarriersThereAreOrNobodyKeeps() {
    boolean bean;
    try {
      Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
      bean = true;
    } catch (ClassNotFoundException e) {
      bean = false;
    }
    String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    int carriers = parallelism != null ? Integer.parseInt(parallelism)
        : Runtime.getRuntime().availableProcessors();
    assertThat(BusyWait.max()).isEqualTo(
        bean ? BusyWait.maxKeepers(carriers, System.getProperty(BusyWait.PROPERTY)) : 0);
  }

  @Test
  void aPlaceIsTakenOnlyWhileFewerThanTheMostKeepAndFewThreadsAreQueued() {
    if (BusyWait.MAX == 0) {
      // One carrier: nothing to keep awake, so no place to take.
      assertThat(BusyWait.tryEnter(0)).isFalse();
      return;
    }
    assertThat(BusyWait.tryEnter(BusyWait.MAX + 1)).isFalse();
    awaitNoKeeper();
    int taken = 0;
    while (BusyWait.tryEnter(0)) {
      taken++;
    }
    try {
      assertThat(taken).isBetween(1, BusyWait.MAX);
      assertThat(BusyWait.keepers()).isEqualTo(BusyWait.MAX);
      assertThat(BusyWait.tryEnter(0)).isFalse();
    } finally {
      for (int i = 0; i < taken; i++) {
        BusyWait.leave();
      }
    }
  }

  @Test
  void aKeeperStopsAtTheFirstYieldAfterAMessageArrivesWithoutTakingIt() throws Exception {
    Mailbox box = new Mailbox();
    box.offer("m", Thread.currentThread());
    assertThat(keepOnVirtualThread(box, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(BusyWait.Stop.NEWS);
    assertThat(box.length()).isEqualTo(1);
    assertThat(box.take(0)).isEqualTo("m");
  }

  @Test
  void aKeeperSeesAMessageOfferedWhileItYieldsThroughASplitConsumer() throws Exception {
    Mailbox box = new Mailbox();
    MailboxConsumer c = box.split();
    CountDownLatch keeping = new CountDownLatch(1);
    CompletableFuture<BusyWait.Stop> stop = new CompletableFuture<>();
    Thread keeper = Thread.ofVirtual().start(() -> {
      keeping.countDown();
      stop.complete(BusyWait.yieldUntil(box, c, Long.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
    });
    keeping.await();
    box.offer("m", keeper);
    assertThat(stop.get()).isEqualTo(BusyWait.Stop.NEWS);
    assertThat(box.take(c, 0)).isEqualTo("m");
  }

  @Test
  void aKeeperStopsWhenItsThreadIsInterruptedAndKeepsTheInterrupt() throws Exception {
    Mailbox box = new Mailbox();
    CompletableFuture<BusyWait.Stop> stop = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      Thread.currentThread().interrupt();
      stop.complete(BusyWait.yieldUntil(box, box, Long.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
      stillInterrupted.complete(Thread.currentThread().isInterrupted());
    });
    assertThat(stop.get()).isEqualTo(BusyWait.Stop.INTERRUPTED);
    assertThat(stillInterrupted.get()).isTrue();
  }

  @Test
  void aKeeperStopsOnceItsDeadlineHasPassed() throws Exception {
    Mailbox box = new Mailbox();
    assertThat(keepOnVirtualThread(box, System.nanoTime() - 1, Long.MAX_VALUE))
        .isEqualTo(BusyWait.Stop.DEADLINE);
  }

  @Test
  void aKeeperStopsAtALateYieldAndAfterItsBudget() throws Exception {
    Mailbox box = new Mailbox();
    // Every yield is later than -1 ns.
    assertThat(keepOnVirtualThread(box, Long.MIN_VALUE, -1)).isEqualTo(BusyWait.Stop.LATE);
    CompletableFuture<BusyWait.Stop> stop = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> stop.complete(
        BusyWait.yieldUntil(box, box, Long.MIN_VALUE, 3, Long.MAX_VALUE)));
    assertThat(stop.get()).isEqualTo(BusyWait.Stop.BUDGET);
  }

  @Test
  void aKeeperCarriesOnForAnotherBudgetWhenAParkWantedToKeepMeanwhile() throws Exception {
    Mailbox box = new Mailbox();
    awaitNoKeeper();
    int taken = 0;
    while (BusyWait.tryEnter(0)) {
      taken++;
    }
    try {
      // Every place taken (none where nobody keeps): a sampled park keeps not, and says it wanted to.
      BusyWait.keep(box, box, Long.MIN_VALUE);
      assertThat(BusyWait.wanted()).isTrue();
    } finally {
      for (int i = 0; i < taken; i++) {
        BusyWait.leave();
      }
    }
    // The keeper reads the wish at the end of its first budget, clears it, and keeps another.
    CompletableFuture<BusyWait.Stop> stop = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> stop.complete(
        BusyWait.yieldUntil(box, box, Long.MIN_VALUE, 3, Long.MAX_VALUE)));
    assertThat(stop.get()).isEqualTo(BusyWait.Stop.BUDGET);
    assertThat(BusyWait.wanted()).isFalse();
  }

  @Test
  void keepingLeavesNoPlaceTakenAndTheMailboxAsItWas() throws Exception {
    awaitNoKeeper();
    Mailbox box = new Mailbox();
    box.offer("m", Thread.currentThread());
    onVirtualThread(() -> {
      for (int i = 0; i < 1_000; i++) {
        BusyWait.keep(box, box, Long.MIN_VALUE);
      }
    });
    assertThat(BusyWait.keepers()).isZero();
    assertThat(box.length()).isEqualTo(1);
  }

  @Test
  void oneParkInSixtyFourOrSoLooksAtWhetherToKeepUnlessNobodyKeeps() {
    int sampled = 0;
    for (int i = 0; i < 64 * 100; i++) {
      if (BusyWait.sampled()) {
        sampled++;
      }
    }
    if (BusyWait.MAX == 0) {
      assertThat(sampled).isZero();
    } else {
      // 100 expected; outside these bounds with odds below one in a billion.
      assertThat(sampled).isBetween(40, 180);
    }
  }

  // A keeper of another test's process gives its place back within its budget of yields.
  private static void awaitNoKeeper() {
    while (BusyWait.keepers() != 0) {
      Thread.onSpinWait();
    }
  }

  private static BusyWait.Stop keepOnVirtualThread(Mailbox box, long deadline, long lateNanos)
      throws Exception {
    CompletableFuture<BusyWait.Stop> stop = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> stop.complete(
        BusyWait.yieldUntil(box, box, deadline, Integer.MAX_VALUE, lateNanos)));
    return stop.get();
  }

  private static void onVirtualThread(Runnable r) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        r.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    done.get();
  }
}
