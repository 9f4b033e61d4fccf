package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
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
  void onThisJdkTheSchedulerSaysHowManyCarriersThereAre() {
    // The build runs on JDK 24 or later, whose scheduler bean gives the default scheduler's parallelism.
    String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    int carriers = parallelism != null ? Integer.parseInt(parallelism)
        : Runtime.getRuntime().availableProcessors();
    assertThat(BusyWait.MAX).isEqualTo(Math.max(0, carriers - 1));
  }

  @Test
  void aPlaceIsTakenOnlyWhileFewerThanTheMostKeepAndFewThreadsAreQueued() {
    if (BusyWait.MAX == 0) {
      // One carrier: nothing to keep awake, so no place to take.
      assertThat(BusyWait.tryEnter(0)).isFalse();
      return;
    }
    assertThat(BusyWait.tryEnter(BusyWait.MAX + 1)).isFalse();
    int taken = 0;
    // Other tests' processes may hold a place for a moment; every place this test takes it gives back.
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
    onVirtualThread(() -> BusyWait.yieldUntil(box, box, Long.MIN_VALUE, Integer.MAX_VALUE));
    assertThat(box.length()).isEqualTo(1);
    assertThat(box.take(0)).isEqualTo("m");
  }

  @Test
  void aKeeperStopsWhenItsThreadIsInterruptedAndKeepsTheInterrupt() throws Exception {
    Mailbox box = new Mailbox();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    onVirtualThread(() -> {
      Thread.currentThread().interrupt();
      BusyWait.yieldUntil(box, box, Long.MIN_VALUE, Integer.MAX_VALUE);
      stillInterrupted.complete(Thread.currentThread().isInterrupted());
    });
    assertThat(stillInterrupted.get()).isTrue();
  }

  @Test
  void aKeeperStopsOnceItsDeadlineHasPassed() throws Exception {
    Mailbox box = new Mailbox();
    onVirtualThread(() -> BusyWait.yieldUntil(box, box, System.nanoTime() - 1, Integer.MAX_VALUE));
    assertThat(box.length()).isZero();
  }

  @Test
  void keepingLeavesNoPlaceTakenAndTheMailboxAsItWas() throws Exception {
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
