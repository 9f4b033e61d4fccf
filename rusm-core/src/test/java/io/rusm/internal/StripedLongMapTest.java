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

  /** A value that carries its key; equal to no other entry, as the runtime's cells are. */
  static final class Entry {
    final long key;

    Entry(long key) {
      this.key = key;
    }

    @Override
    public String toString() {
      return "entry " + key;
    }
  }

  private static StripedLongMap<Entry> map(int stripes, int tallies) {
    return new StripedLongMap<>(stripes, tallies, e -> e.key);
  }

  @Test
  void putGetRemove() {
    StripedLongMap<Entry> map = map(4, 2);
    Entry a = new Entry(1);
    Entry b = new Entry(2);
    map.put(a);
    map.put(b);
    assertThat(map.get(1)).isSameAs(a);
    assertThat(map.get(3)).isNull();
    assertThat(map.size()).isEqualTo(2);
    assertThat(map.remove(a, 1)).isTrue();
    assertThat(map.remove(a, 1)).isFalse();
    assertThat(map.get(1)).isNull();
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.stripes()).isEqualTo(4);
    assertThat(map.tally(0)).isZero();
    assertThat(map.tally(1)).isEqualTo(1);
  }

  @Test
  void removesOnlyTheVeryValueThatWasPut() {
    StripedLongMap<Entry> map = map(1, 1);
    Entry a = new Entry(7);
    map.put(a);
    assertThat(map.remove(new Entry(7), 0)).isFalse();
    assertThat(map.get(7)).isSameAs(a);
    assertThat(map.tally(0)).isZero();
  }

  @Test
  void refusesTheSameValueTwiceAndNull() {
    StripedLongMap<Entry> map = map(1, 2);
    Entry a = new Entry(7);
    map.put(a);
    assertThatThrownBy(() -> map.put(a)).isInstanceOf(IllegalStateException.class)
        .hasMessage("already present: entry 7");
    assertThatThrownBy(() -> map.put(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void talliesCountOnlyRemovalsThatHappened() {
    StripedLongMap<Entry> map = map(2, 4);
    Entry[] e = new Entry[8];
    for (int k = 0; k < e.length; k++) {
      e[k] = new Entry(k);
      map.put(e[k]);
    }
    map.remove(e[1], 2);
    map.remove(e[2], 1);
    map.remove(e[2], 1);
    map.remove(e[3], 0);
    map.remove(e[5], 3);
    map.remove(e[6], 3);
    assertThat(map.remove(e[4])).isTrue();
    assertThat(map.remove(e[4])).isFalse();
    assertThat(map.tally(0)).isEqualTo(1);
    assertThat(map.tally(1)).isEqualTo(1);
    assertThat(map.tally(2)).isEqualTo(1);
    assertThat(map.tally(3)).isEqualTo(2);
    assertThat(map.size()).isEqualTo(2);
  }

  @Test
  void badTalliesAreRefusedWithTheirRange() {
    StripedLongMap<Entry> map = map(2, 3);
    Entry a = new Entry(1);
    map.put(a);
    assertThatThrownBy(() -> map.remove(a, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tally must be from 0 to 2, was -1");
    assertThatThrownBy(() -> map.remove(a, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tally must be from 0 to 2, was 3");
    assertThatThrownBy(() -> map.tally(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tally must be from 0 to 2, was 3");
    assertThat(map.get(1)).as("a refused removal removes nothing").isSameAs(a);
    for (int bad : new int[] {-1, StripedLongMap.MAX_TALLIES + 1}) {
      assertThatThrownBy(() -> map(2, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tallies must be from 0 to 4, was " + bad);
    }
    assertThatThrownBy(() -> new StripedLongMap<Entry>(2, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyOf");
  }

  @Test
  void stripeCountMustBeAPowerOfTwo() {
    for (int bad : new int[] {0, -2, 3, 12}) {
      assertThatThrownBy(() -> map(bad, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stripes must be a positive power of two, was " + bad);
    }
  }

  @Test
  void agreesWithAHashMapUnderRandomOperationsThatGrowShrinkAndWrap() {
    SplittableRandom random = new SplittableRandom(42);
    for (int stripes : new int[] {1, 2, 8}) {
      StripedLongMap<Entry> map = map(stripes, 2);
      Map<Long, Entry> reference = new HashMap<>();
      List<Entry> present = new ArrayList<>();
      long next = 0;
      for (int step = 0; step < 200_000; step++) {
        // Grow to a few thousand, then drain: exercises resize up and down and probe runs that wrap.
        boolean growing = (step / 20_000) % 2 == 0;
        if (present.isEmpty() || (growing ? random.nextInt(4) != 0 : random.nextInt(4) == 0)) {
          Entry e = new Entry(next);
          next += 1 + random.nextInt(3);
          map.put(e);
          reference.put(e.key, e);
          present.add(e);
        } else {
          int i = random.nextInt(present.size());
          Entry e = present.get(i);
          present.set(i, present.get(present.size() - 1));
          present.remove(present.size() - 1);
          assertThat(map.remove(e, 1)).isEqualTo(reference.remove(e.key) != null);
        }
        if (step % 1_000 == 0) {
          long probe = random.nextLong(Math.max(1, next));
          assertThat(map.get(probe)).isSameAs(reference.get(probe));
          assertThat(map.size()).isEqualTo(reference.size());
        }
      }
      for (Entry e : present) {
        assertThat(map.get(e.key)).isSameAs(e);
      }
      assertThat(map.values(Integer.MAX_VALUE)).containsExactlyInAnyOrderElementsOf(reference.values());
    }
  }

  @Test
  void growsWithItsPopulationAndShrinksOnlyAfterStayingSparse() {
    StripedLongMap<Entry> map = map(1, 1);
    long initial = map.capacity();
    Map<Long, Entry> entries = new HashMap<>();
    for (long k = 0; k < 1_000; k++) {
      Entry e = new Entry(k);
      entries.put(k, e);
      map.put(e);
    }
    long grown = map.capacity();
    assertThat(grown).isGreaterThanOrEqualTo(2_000);
    for (long k = 0; k < 950; k++) {
      map.remove(entries.remove(k), 0);
    }
    assertThat(map.capacity()).as("a swing down alone does not shrink").isEqualTo(grown);

    long next = 1_000;
    for (int i = 0; i < 4 * grown; i++) {
      Entry e = new Entry(next);
      entries.put(next, e);
      map.put(e);
      map.remove(entries.remove(next - 50), 0);
      next++;
    }
    assertThat(map.capacity()).isLessThan(grown).isGreaterThanOrEqualTo(initial);
    assertThat(map.size()).isEqualTo(50);
    for (long k = next - 50; k < next; k++) {
      assertThat(map.get(k)).isSameAs(entries.get(k));
    }
  }

  @Test
  void valuesStopsAtTheLimitAndForEachSeesEverything() {
    StripedLongMap<Entry> map = map(4, 2);
    for (long k = 0; k < 100; k++) {
      map.put(new Entry(k));
    }
    assertThat(map.values(10)).hasSize(10);
    assertThat(map.values(0)).isEmpty();
    List<Entry> seen = new ArrayList<>();
    map.forEach(seen::add);
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void concurrentPutsAndRemovesLeaveItEmpty() throws Exception {
    StripedLongMap<Entry> map = map(8, 2);
    int threads = 4;
    int perThread = 100_000;
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = t;
        futures.add(pool.submit(() -> {
          start.await();
          Entry[] window = new Entry[64];
          for (long i = 0; i < perThread; i++) {
            Entry e = new Entry(i * threads + base);
            map.put(e);
            int slot = (int) (i % window.length);
            if (window[slot] != null) {
              assertThat(map.get(window[slot].key)).isSameAs(window[slot]);
              assertThat(map.remove(window[slot], 1)).isTrue();
            }
            window[slot] = e;
          }
          for (Entry e : window) {
            map.remove(e, 1);
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
