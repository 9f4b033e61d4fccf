package io.rusm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A map from {@code long} keys to values, split into independent stripes, built for the process table:
 * keys are minted in increasing order, each is put once and removed once, and puts and removes come from
 * many threads at once. Not part of the rusm API.
 *
 * <p>Design: the stripe is chosen by the key's low bits, so consecutive keys land on different stripes
 * and concurrent spawns and exits rarely meet. Within a stripe, an open-addressing table with linear
 * probing stores the keys in a {@code long[]} (no boxed key, no node per entry) and indexes by the
 * remaining bits, which for increasing keys fill slots in order like a ring buffer; removal shifts later
 * entries back, so no tombstones accumulate over millions of spawns. Each stripe is guarded by its own
 * monitor, held only for a few array accesses and never across a blocking call.
 *
 * @param <V> the value type
 */
public final class StripedLongMap<V> {

  private final Stripe<V>[] stripes;
  private final int stripeMask;

  /**
   * @param stripes the number of stripes, a power of two
   * @throws IllegalArgumentException if {@code stripes} is not a positive power of two
   */
  @SuppressWarnings("unchecked")
  public StripedLongMap(int stripes) {
    if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a positive power of two, was " + stripes);
    }
    this.stripes = new Stripe[stripes];
    for (int i = 0; i < stripes; i++) {
      this.stripes[i] = new Stripe<>(Integer.numberOfTrailingZeros(stripes));
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

  /** Removes {@code key}, returning its value, or {@code null} if it was absent. */
  public V remove(long key) {
    return stripe(key).remove(key);
  }

  /** The number of entries: exact when no put or remove runs concurrently. */
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

  private static final class Stripe<V> {
    private static final int MIN_CAPACITY = 16;

    // The stripe's own bits are dropped from the key to find its home slot.
    private final int shift;

    // Guarded by this stripe's monitor. An empty slot has a null value; a full slot's key is keys[i].
    // Load stays at most one half, so probe runs are short.
    private long[] keys = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    Stripe(int shift) {
      this.shift = shift;
    }

    private int home(long key, int mask) {
      return (int) (key >>> shift) & mask;
    }

    synchronized int size() {
      return size;
    }

    synchronized void put(long key, V value) {
      if ((size + 1) * 2 > values.length) {
        resize(values.length * 2);
      }
      int mask = values.length - 1;
      int i = home(key, mask);
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
      for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return i;
        }
      }
      return -1;
    }

    @SuppressWarnings("unchecked")
    synchronized V remove(long key) {
      int hole = indexOf(key);
      if (hole < 0) {
        return null;
      }
      V removed = (V) values[hole];
      // Backward-shift deletion: move each later entry of the probe run into the hole unless its home
      // slot lies cyclically after the hole, so lookups never meet a gap inside a run.
      int mask = values.length - 1;
      for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
        if (((j - home(keys[j], mask)) & mask) >= ((j - hole) & mask)) {
          keys[hole] = keys[j];
          values[hole] = values[j];
          hole = j;
        }
      }
      values[hole] = null;
      size--;
      if (size * 8 < values.length && values.length > MIN_CAPACITY) {
        resize(values.length / 2);
      }
      return removed;
    }

    private void resize(int capacity) {
      long[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new long[capacity];
      values = new Object[capacity];
      int mask = capacity - 1;
      for (int j = 0; j < oldValues.length; j++) {
        if (oldValues[j] != null) {
          int i = home(oldKeys[j], mask);
          while (values[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
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
