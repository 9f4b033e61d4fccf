package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StripedLongMapTest {

  @Test
  void putGetRemove() {
    StripedLongMap<String> map = new StripedLongMap<>(4, 2);
    map.put(1, "a");
    map.put(2, "b");
    assertThat(map.get(1)).isEqualTo("a");
    assertThat(map.get(3)).isNull();
    assertThat(map.size()).isEqualTo(2);
    assertThat(map.remove(1, 1)).isEqualTo("a");
    assertThat(map.remove(1, 1)).isNull();
    assertThat(map.get(1)).isNull();
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.stripes()).isEqualTo(4);
    assertThat(map.tally(0)).isZero();
    assertThat(map.tally(1)).isEqualTo(1);
  }

  @Test
  void refusesADuplicateKey() {
    StripedLongMap<String> map = new StripedLongMap<>(1, 2);
    map.put(7, "a");
    assertThatThrownBy(() -> map.put(7, "b")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key already present: 7");
  }

  @Test
  void talliesCountOnlyRemovalsThatHappened() {
    StripedLongMap<String> map = new StripedLongMap<>(2, 3);
    map.put(1, "a");
    map.put(2, "b");
    map.put(4, "c");
    map.remove(1, 2);
    map.remove(2, 1);
    map.remove(3, 1);
    assertThat(map.remove(4)).isEqualTo("c");
    assertThat(map.tally(0)).isZero();
    assertThat(map.tally(1)).isEqualTo(1);
    assertThat(map.tally(2)).isEqualTo(1);
    assertThat(map.size()).isZero();
    assertThatThrownBy(() -> map.remove(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tally must be zero or positive, was -1");
    assertThatThrownBy(() -> new StripedLongMap<>(2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tallies must be zero or positive, was -1");
  }

  @Test
  void stripeCountMustBeAPowerOfTwo() {
    for (int bad : new int[] {0, -2, 3, 12}) {
      assertThatThrownBy(() -> new StripedLongMap<>(bad, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stripes must be a positive power of two, was " + bad);
    }
  }

  @Test
  void agreesWithAHashMapUnderRandomOperationsThatGrowShrinkAndWrap() {
    SplittableRandom random = new SplittableRandom(42);
    for (int stripes : new int[] {1, 2, 8}) {
      StripedLongMap<Long> map = new StripedLongMap<>(stripes, 2);
      Map<Long, Long> reference = new HashMap<>();
      List<Long> present = new ArrayList<>();
      long next = 0;
      for (int step = 0; step < 200_000; step++) {
        // Grow to a few thousand, then drain: exercises resize up and down and probe runs that wrap.
        boolean growing = (step / 20_000) % 2 == 0;
        if (present.isEmpty() || (growing ? random.nextInt(4) != 0 : random.nextInt(4) == 0)) {
          long key = next;
          next += 1 + random.nextInt(3);
          map.put(key, key);
          reference.put(key, key);
          present.add(key);
        } else {
          int i = random.nextInt(present.size());
          long key = present.get(i);
          present.set(i, present.get(present.size() - 1));
          present.remove(present.size() - 1);
          assertThat(map.remove(key, 1)).isEqualTo(reference.remove(key));
        }
        if (step % 1_000 == 0) {
          long probe = random.nextLong(Math.max(1, next));
          assertThat(map.get(probe)).isEqualTo(reference.get(probe));
          assertThat(map.size()).isEqualTo(reference.size());
        }
      }
      for (long key : present) {
        assertThat(map.get(key)).isEqualTo(key);
      }
      assertThat(map.values(Integer.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(reference.values());
    }
  }

  @Test
  void growsWithItsPopulationAndShrinksOnlyAfterStayingSparse() {
    StripedLongMap<Long> map = new StripedLongMap<>(1, 1);
    long initial = map.capacity();
    for (long k = 0; k < 1_000; k++) {
      map.put(k, k);
    }
    long grown = map.capacity();
    assertThat(grown).isGreaterThanOrEqualTo(2_000);
    for (long k = 0; k < 950; k++) {
      map.remove(k, 0);
    }
    assertThat(map.capacity()).as("a swing down alone does not shrink").isEqualTo(grown);

    long next = 1_000;
    for (int i = 0; i < 4 * grown; i++) {
      map.put(next, next);
      map.remove(next - 50, 0);
      next++;
    }
    assertThat(map.capacity()).isLessThan(grown).isGreaterThanOrEqualTo(initial);
    assertThat(map.size()).isEqualTo(50);
    for (long k = next - 50; k < next; k++) {
      assertThat(map.get(k)).isEqualTo(k);
    }
  }

  @Test
  void valuesStopsAtTheLimitAndForEachSeesEverything() {
    StripedLongMap<Long> map = new StripedLongMap<>(4, 2);
    for (long k = 0; k < 100; k++) {
      map.put(k, k);
    }
    assertThat(map.values(10)).hasSize(10);
    assertThat(map.values(0)).isEmpty();
    List<Long> seen = new ArrayList<>();
    map.forEach(seen::add);
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void concurrentPutsAndRemovesLeaveItEmpty() throws Exception {
    StripedLongMap<Long> map = new StripedLongMap<>(8, 2);
    int threads = 4;
    int perThread = 100_000;
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (long i = 0; i < perThread; i++) {
            long key = i * threads + base;
            map.put(key, key);
            if (i >= 64) {
              long old = (i - 64) * threads + base;
              assertThat(map.remove(old, 1)).isEqualTo(old);
            }
          }
          for (long i = perThread - 64; i < perThread; i++) {
            map.remove(i * threads + base, 1);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertThat(map.size()).isZero();
    assertThat(map.tally(1)).isEqualTo((long) threads * perThread);
  }
}
