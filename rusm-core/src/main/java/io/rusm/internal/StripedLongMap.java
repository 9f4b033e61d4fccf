package io.rusm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A map from {@code long} keys to values, split into independent stripes, that also keeps tallies of
 * its removals. Built for the process table: keys are minted in increasing order, each is put once and
 * removed once, puts and removes come from many threads at once, and the runtime's exit counts ride
 * along in the same critical section instead of costing atomics of their own. Not part of the rusm API.
 *
 * <p>Design: the stripe is chosen by the key's low bits, so consecutive keys land on different stripes
 * and concurrent spawns and exits rarely meet. Within a stripe, an open-addressing table with linear
 * probing stores the keys in a {@code long[]} (no boxed key, no node per entry) and places them by
 * Fibonacci hashing, which spreads increasing keys evenly so probe runs stay short; removal shifts later
 * entries back, so no tombstones accumulate over millions of spawns. A stripe doubles when half full and
 * halves after it has stayed below one eighth full for as many removals as it has slots. Each stripe is
 * guarded by its own monitor, held only for a few array accesses and never across a blocking call, and
 * padded so that no two stripes share a cache line.
 *
 * <p>Why not {@code LongAdder} for the counts: a process exits on a thread that has never counted
 * anything before, and a fresh thread's first contended {@code LongAdder} update seeds its probe from
 * global atomics, which a spawn storm turns into a hot spot.
 *
 * @param <V> the value type
 */
public final class StripedLongMap<V> {

  private static final int NO_TALLY = -1;

  private final Stripe<V>[] stripes;
  private final int stripeMask;

  /**
   * @param stripes the number of stripes, a power of two
   * @param tallies how many tallies a removal may count into
   * @throws IllegalArgumentException if {@code stripes} is not a positive power of two, or {@code
   *     tallies} is negative
   */
  @SuppressWarnings("unchecked")
  public StripedLongMap(int stripes, int tallies) {
    if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a positive power of two, was " + stripes);
    }
    if (tallies < 0) {
      throw new IllegalArgumentException("tallies must be zero or positive, was " + tallies);
    }
    this.stripes = new Stripe[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new Stripe<>(tallies);
    }
    this.stripeMask = stripes - 1;
  }

  /** The number of stripes. */
  public int stripes() {
    return stripes.length;
  }

  private Stripe<V> stripe(long key) {
    return stripes[(int) key & stripeMask];
  }

  /**
   * Maps {@code key} to {@code value}; the key must not be present.
   *
   * @throws IllegalStateException if the key is already present
   */
  public void put(long key, V value) {
    stripe(key).put(key, value);
  }

  /** The value for {@code key}, or {@code null}. */
  public V get(long key) {
    return stripe(key).get(key);
  }

  /**
   * Removes {@code key}, counting one into tally {@code tally} if it was present.
   *
   * @return its value, or {@code null} if it was absent
   */
  public V remove(long key, int tally) {
    if (tally < 0) {
      throw new IllegalArgumentException("tally must be zero or positive, was " + tally);
    }
    return stripe(key).remove(key, tally);
  }

  /**
   * Removes {@code key} without counting it.
   *
   * @return its value, or {@code null} if it was absent
   */
  public V remove(long key) {
    return stripe(key).remove(key, NO_TALLY);
  }

  /** The sum of tally {@code tally} over all stripes: exact when nothing runs concurrently. */
  public long tally(int tally) {
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
  private static class StripeState {
    static final int MIN_BITS = 4;
    // Where a stripe's tallies sit in their array: a cache line of unused slots on either side, so that
    // the array, allocated next to its stripe, shares no line with the next stripe's monitor.
    static final int TALLY_OFFSET = 8;

    // All guarded by the stripe's monitor. An empty slot has a null value; a full slot's key is
    // keys[i]. Load stays at most one half, so probe runs are short.
    int bits = MIN_BITS;
    long[] keys = new long[1 << MIN_BITS];
    Object[] values = new Object[1 << MIN_BITS];
    int size;
    // Removals in a row that left the table at most one eighth full. It shrinks only once this reaches
    // its capacity, so a population that swings up and down (a storm's does, every few milliseconds)
    // does not resize on every swing, and each shrink's O(capacity) work is paid for by as many removals.
    int sparseRemovals;
    final long[] tallies;

    StripeState(int tallies) {
      this.tallies = new long[tallies + 2 * TALLY_OFFSET];
    }
  }

  private static final class Stripe<V> extends StripeState {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    // A cache line after the state. The stripes are allocated one after another, and a stripe's monitor
    // word and counts are written by the spawner (put) and by exiting processes (remove) on other cores:
    // unpadded, neighbours shared lines, and how many did varied with each JVM's layout (one-spawner
    // storms per CPU-second spread from 313 k to 461 k over twelve JVMs; padded, 388 k to 438 k).
    long p0, p1, p2, p3, p4, p5, p6, p7;

    Stripe(int tallies) {
      super(tallies);
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
      return tallies[TALLY_OFFSET + tally];
    }

    synchronized void put(long key, V value) {
      if ((size + 1) * 2 > values.length) {
        resize(bits + 1);
      }
      int mask = values.length - 1;
      int i = home(key);
      while (values[i] != null) {
        if (keys[i] == key) {
          throw new IllegalStateException("key already present: " + key);
        }
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = value;
      size++;
    }

    @SuppressWarnings("unchecked")
    synchronized V get(long key) {
      int i = indexOf(key);
      return i < 0 ? null : (V) values[i];
    }

    private int indexOf(long key) {
      int mask = values.length - 1;
      for (int i = home(key); values[i] != null; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return i;
        }
      }
      return -1;
    }

    @SuppressWarnings("unchecked")
    synchronized V remove(long key, int tally) {
      int hole = indexOf(key);
      if (hole < 0) {
        return null;
      }
      V removed = (V) values[hole];
      // Backward-shift deletion: move each later entry of the probe run into the hole unless its home
      // slot lies cyclically after the hole, so lookups never meet a gap inside a run.
      int mask = values.length - 1;
      for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
        if (((j - home(keys[j])) & mask) >= ((j - hole) & mask)) {
          keys[hole] = keys[j];
          values[hole] = values[j];
          hole = j;
        }
      }
      values[hole] = null;
      size--;
      if (tally != NO_TALLY) {
        tallies[TALLY_OFFSET + tally]++;
      }
      if (size * 8 >= values.length || bits == MIN_BITS) {
        sparseRemovals = 0;
      } else if (++sparseRemovals >= values.length) {
        sparseRemovals = 0;
        resize(bits - 1);
      }
      return removed;
    }

    private void resize(int newBits) {
      // Both arrays are allocated before anything changes, so running out of memory here leaves the
      // stripe as it was.
      long[] newKeys = new long[1 << newBits];
      Object[] newValues = new Object[1 << newBits];
      long[] oldKeys = keys;
      Object[] oldValues = values;
      bits = newBits;
      keys = newKeys;
      values = newValues;
      int mask = newValues.length - 1;
      for (int j = 0; j < oldValues.length; j++) {
        if (oldValues[j] != null) {
          int i = home(oldKeys[j]);
          while (newValues[i] != null) {
            i = (i + 1) & mask;
          }
          newKeys[i] = oldKeys[j];
          newValues[i] = oldValues[j];
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
