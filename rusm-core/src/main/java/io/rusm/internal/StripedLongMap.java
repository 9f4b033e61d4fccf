package io.rusm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A set of values, each with a {@code long} key of its own, looked up by key and split into independent
 * stripes, that also keeps tallies of its removals. Built for the process table: keys are minted in
 * increasing order, each value is put once and removed once by whoever holds it, puts and removes come
 * from many threads at once, and the runtime's exit counts ride along in the same critical section
 * instead of costing atomics of their own. Not part of the rusm API.
 *
 * <p>Design: the stripe is chosen by the key's low bits, so consecutive keys land on different stripes
 * and concurrent spawns and exits rarely meet. Within a stripe, an open-addressing table with linear
 * probing stores the values alone (no boxed key, no node per entry) and places them by Fibonacci hashing
 * of their keys, which spreads increasing keys evenly so probe runs stay short; removal shifts later
 * entries back, so no tombstones accumulate over millions of spawns. A stripe doubles when half full and
 * halves after it has stayed below one eighth full for as many removals as it has slots. Each stripe is
 * guarded by its own monitor, held only for a few array accesses and never across a blocking call, and
 * padded so that no two stripes share a cache line.
 *
 * <p>Why the keys are not stored: a spawn puts on one core and the exit removes on another, so every
 * line either touches moves between cores. A key array beside the values was one more such line per put
 * and per removal, and the tallies in an array of their own another per removal. Now a put writes the
 * stripe's line and one slot's line; a removal finds its slot by identity in the same two lines, and
 * reads a neighbour's key only to shift it back; the tallies are fields of the stripe. A lookup by key
 * reads the key of each value it passes, which for a hit is the value it returns. The price is paid when
 * a million processes exit at once: each neighbour shifted back is a value read for its key, most
 * likely a cache miss, where a key array held it in the line already read.
 *
 * <p>Why not {@code LongAdder} for the counts: a process exits on a thread that has never counted
 * anything before, and a fresh thread's first contended {@code LongAdder} update seeds its probe from
 * global atomics, which a spawn storm turns into a hot spot.
 *
 * @param <V> the value type
 */
public final class StripedLongMap<V> {

  /** The most tallies a map may keep. */
  public static final int MAX_TALLIES = 4;

  private static final int NO_TALLY = -1;

  private final Stripe<V>[] stripes;
  private final int stripeMask;
  private final int tallies;
  private final ToLongFunction<? super V> keyOf;

  /**
   * @param stripes the number of stripes, a power of two
   * @param tallies how many tallies a removal may count into, at most {@value #MAX_TALLIES}
   * @param keyOf each value's key, which must not change while the value is in the map
   * @throws IllegalArgumentException if {@code stripes} is not a positive power of two, or {@code
   *     tallies} is negative or above {@value #MAX_TALLIES}
   */
  @SuppressWarnings("unchecked")
  public StripedLongMap(int stripes, int tallies, ToLongFunction<? super V> keyOf) {
    if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a positive power of two, was " + stripes);
    }
    if (tallies < 0 || tallies > MAX_TALLIES) {
      throw new IllegalArgumentException("tallies must be from 0 to " + MAX_TALLIES + ", was " + tallies);
    }
    Objects.requireNonNull(keyOf, "keyOf");
    this.stripes = new Stripe[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new Stripe<>(keyOf);
    }
    this.stripeMask = stripes - 1;
    this.tallies = tallies;
    this.keyOf = keyOf;
  }

  /** The number of stripes. */
  public int stripes() {
    return stripes.length;
  }

  private Stripe<V> stripe(long key) {
    return stripes[(int) key & stripeMask];
  }

  /**
   * Adds {@code value} under its key, which no other value in the map may have.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if {@code value} is already present
   */
  public void put(V value) {
    stripe(keyOf.applyAsLong(Objects.requireNonNull(value, "value"))).put(value);
  }

  /** The value for {@code key}, or {@code null}. */
  public V get(long key) {
    return stripe(key).get(key);
  }

  /**
   * Removes {@code value} (this very object), counting one into tally {@code tally} if it was present.
   *
   * @return whether it was present
   * @throws IllegalArgumentException if {@code tally} is not one of this map's
   */
  public boolean remove(V value, int tally) {
    checkTally(tally);
    return stripe(keyOf.applyAsLong(value)).remove(value, tally);
  }

  /**
   * Removes {@code value} (this very object) without counting it.
   *
   * @return whether it was present
   */
  public boolean remove(V value) {
    return stripe(keyOf.applyAsLong(value)).remove(value, NO_TALLY);
  }

  private void checkTally(int tally) {
    if (tally < 0 || tally >= tallies) {
      throw new IllegalArgumentException("tally must be from 0 to " + (tallies - 1) + ", was " + tally);
    }
  }

  /**
   * The sum of tally {@code tally} over all stripes: exact when nothing runs concurrently.
   *
   * @throws IllegalArgumentException if {@code tally} is not one of this map's
   */
  public long tally(int tally) {
    checkTally(tally);
    long sum = 0;
    for (Stripe<V> s : stripes) {
      sum += s.tally(tally);
    }
    return sum;
  }

  /** The number of slots all stripes have: what the map holds in memory, whatever its size. */
  public long capacity() {
    long capacity = 0;
    for (Stripe<V> s : stripes) {
      capacity += s.capacity();
    }
    return capacity;
  }

  /** The number of entries: exact when nothing runs concurrently. */
  public long size() {
    long size = 0;
    for (Stripe<V> s : stripes) {
      size += s.size();
    }
    return size;
  }

  /**
   * Up to {@code limit} values, lowest stripes first. Each stripe is copied under its own monitor, one at
   * a time, so the result is not an atomic snapshot of the whole map and no stripe is held for long.
   */
  public List<V> values(int limit) {
    List<V> out = new ArrayList<>(Math.min(limit, 1024));
    for (int i = 0; i < stripes.length && out.size() < limit; i++) {
      stripes[i].copyTo(out, limit);
    }
    return out;
  }

  /** Calls {@code action} for every value present; the action runs outside every stripe's monitor. */
  public void forEach(Consumer<? super V> action) {
    List<V> batch = new ArrayList<>();
    for (Stripe<V> stripe : stripes) {
      batch.clear();
      stripe.copyTo(batch, Integer.MAX_VALUE);
      batch.forEach(action);
    }
  }

  /** A stripe's state, laid out first in each {@link Stripe}, ahead of its padding. */
  private static class StripeState<V> {
    static final int MIN_BITS = 4;

    final ToLongFunction<? super V> keyOf;

    // All guarded by the stripe's monitor. An empty slot is null; load stays at most one half, so probe
    // runs are short.
    int bits = MIN_BITS;
    Object[] values = new Object[1 << MIN_BITS];
    int size;
    // Removals in a row that left the table at most one eighth full. It shrinks only once this reaches
    // its capacity, so a population that swings up and down (a storm's does, every few milliseconds)
    // does not resize on every swing, and each shrink's O(capacity) work is paid for by as many removals.
    int sparseRemovals;
    // The tallies, here rather than in an array so that counting an exit writes no line of its own.
    long tally0;
    long tally1;
    long tally2;
    long tally3;

    StripeState(ToLongFunction<? super V> keyOf) {
      this.keyOf = keyOf;
    }
  }

  private static final class Stripe<V> extends StripeState<V> {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    // A cache line after the state. The stripes are allocated one after another, and a stripe's monitor
    // word and counts are written by the spawner (put) and by exiting processes (remove) on other cores:
    // unpadded, neighbours shared lines, and how many did varied with each JVM's layout (one-spawner
    // storms per CPU-second spread from 313 k to 461 k over twelve JVMs; padded, 388 k to 438 k).
    long p0, p1, p2, p3, p4, p5, p6, p7;

    Stripe(ToLongFunction<? super V> keyOf) {
      super(keyOf);
    }

    @SuppressWarnings("unchecked")
    private int homeOf(Object value) {
      return home(keyOf.applyAsLong((V) value));
    }

    private int home(long key) {
      return (int) ((key * GOLDEN) >>> (64 - bits));
    }

    synchronized int size() {
      return size;
    }

    synchronized int capacity() {
      return values.length;
    }

    synchronized long tally(int tally) {
      return switch (tally) {
        case 0 -> tally0;
        case 1 -> tally1;
        case 2 -> tally2;
        default -> tally3;
      };
    }

    synchronized void put(V value) {
      if ((size + 1) * 2 > values.length) {
        resize(bits + 1);
      }
      int mask = values.length - 1;
      int i = homeOf(value);
      for (Object o; (o = values[i]) != null; i = (i + 1) & mask) {
        if (o == value) {
          throw new IllegalStateException("already present: " + value);
        }
      }
      values[i] = value;
      size++;
    }

    @SuppressWarnings("unchecked")
    synchronized V get(long key) {
      int mask = values.length - 1;
      for (int i = home(key); values[i] != null; i = (i + 1) & mask) {
        V v = (V) values[i];
        if (keyOf.applyAsLong(v) == key) {
          return v;
        }
      }
      return null;
    }

    synchronized boolean remove(V value, int tally) {
      int mask = values.length - 1;
      int hole = homeOf(value);
      for (Object o; (o = values[hole]) != value; hole = (hole + 1) & mask) {
        if (o == null) {
          return false;
        }
      }
      // Backward-shift deletion: move each later entry of the probe run into the hole unless its home
      // slot lies cyclically after the hole, so lookups never meet a gap inside a run.
      for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
        if (((j - homeOf(values[j])) & mask) >= ((j - hole) & mask)) {
          values[hole] = values[j];
          hole = j;
        }
      }
      values[hole] = null;
      size--;
      switch (tally) {
        case NO_TALLY -> { }
        case 0 -> tally0++;
        case 1 -> tally1++;
        case 2 -> tally2++;
        default -> tally3++;
      }
      if (size * 8 >= values.length || bits == MIN_BITS) {
        sparseRemovals = 0;
      } else if (++sparseRemovals >= values.length) {
        sparseRemovals = 0;
        resize(bits - 1);
      }
      return true;
    }

    private void resize(int newBits) {
      // The array is allocated before anything changes, so running out of memory here leaves the stripe
      // as it was.
      Object[] newValues = new Object[1 << newBits];
      Object[] oldValues = values;
      bits = newBits;
      values = newValues;
      int mask = newValues.length - 1;
      for (Object v : oldValues) {
        if (v != null) {
          int i = homeOf(v);
          while (newValues[i] != null) {
            i = (i + 1) & mask;
          }
          newValues[i] = v;
        }
      }
    }

    @SuppressWarnings("unchecked")
    synchronized void copyTo(List<V> out, int limit) {
      for (int i = 0; i < values.length && out.size() < limit; i++) {
        if (values[i] != null) {
          out.add((V) values[i]);
        }
      }
    }
  }
}
