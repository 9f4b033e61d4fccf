package io.rusm.internal;

import java.util.function.Consumer;

/**
 * Sets of objects compared by identity, for a process's links and monitors, stored in one field as
 * {@code null} (empty), the element itself (one element: no allocation at all) or a {@link Table} (an
 * open-addressing table, at most half full, with backward-shift deletion), so that a million processes
 * with a link or two each cost bytes, not collections, and a hub with a million links still adds and
 * removes in O(1). Not thread-safe: callers hold the owner's lock. Elements must not be {@code Table}s.
 */
public final class CompactSet {

  private CompactSet() {}

  /** More than one element. */
  static final class Table {
    Object[] slots = new Object[4];
    int size;
  }

  /** {@code set} with {@code e} added (the same object, or one to store in its place). */
  public static Object add(Object set, Object e) {
    if (set == null) {
      return e;
    }
    if (!(set instanceof Table t)) {
      if (set == e) {
        return set;
      }
      Table t = new Table();
      insert(t, set);
      insert(t, e);
      return t;
    }
    insert(t, e);
    return t;
  }

  /** {@code set} without {@code e}; {@link #contains} tells beforehand whether it was there. */
  public static Object remove(Object set, Object e) {
    if (set == null || set == e) {
      return null;
    }
    if (!(set instanceof Table t)) {
      return set;
    }
    delete(t, e);
    if (t.size == 1) {
      for (Object o : t.slots) {
        if (o != null) {
          return o;
        }
      }
    }
    return t;
  }

  public static boolean contains(Object set, Object e) {
    if (set instanceof Table t) {
      return indexOf(t, e) >= 0;
    }
    return set != null && set == e;
  }

  public static int size(Object set) {
    if (set instanceof Table t) {
      return t.size;
    }
    return set == null ? 0 : 1;
  }

  @SuppressWarnings("unchecked")
  public static <E> void forEach(Object set, Consumer<E> action) {
    if (set instanceof Table t) {
      for (Object o : t.slots) {
        if (o != null) {
          action.accept((E) o);
        }
      }
    } else if (set != null) {
      action.accept((E) set);
    }
  }

  /** The element of a set of exactly one, with nothing to allocate to walk it; otherwise null. */
  public static Object single(Object set) {
    return set instanceof Table ? null : set;
  }

  /**
   * The elements of {@code set}, with nulls between them where the set is a table: the table's own slots,
   * not a copy, so only for a set no one changes any more (one taken out of its field under the lock).
   */
  public static Object[] slots(Object set) {
    if (set instanceof Table t) {
      return t.slots;
    }
    return set == null ? NONE : new Object[] {set};
  }

  private static final Object[] NONE = {};

  private static int home(Object e, int mask) {
    // Fibonacci hashing: the top bits of the product, as many as the table needs.
    return (System.identityHashCode(e) * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask) & mask;
  }

  private static int indexOf(Table t, Object e) {
    Object[] slots = t.slots;
    int mask = slots.length - 1;
    for (int i = home(e, mask); slots[i] != null; i = (i + 1) & mask) {
      if (slots[i] == e) {
        return i;
      }
    }
    return -1;
  }

  private static void insert(Table t, Object e) {
    if (indexOf(t, e) >= 0) {
      return;
    }
    if ((t.size + 1) * 2 > t.slots.length) {
      rehash(t, t.slots.length * 2);
    }
    place(t.slots, e);
    t.size++;
  }

  private static void rehash(Table t, int capacity) {
    Object[] old = t.slots;
    t.slots = new Object[capacity];
    for (Object o : old) {
      if (o != null) {
        place(t.slots, o);
      }
    }
  }

  private static void place(Object[] slots, Object e) {
    int mask = slots.length - 1;
    int i = home(e, mask);
    while (slots[i] != null) {
      i = (i + 1) & mask;
    }
    slots[i] = e;
  }

  private static void delete(Table t, Object e) {
    int hole = indexOf(t, e);
    if (hole < 0) {
      return;
    }
    Object[] slots = t.slots;
    int mask = slots.length - 1;
    for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
      if (((j - home(slots[j], mask)) & mask) >= ((j - hole) & mask)) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = null;
    t.size--;
    // Shrink at one eighth full, grow at one half: a hub that lost most of its links gives the memory
    // back, and no size sits where one removal and one addition would resize twice.
    if (t.size * 8 < slots.length && slots.length > 8) {
      rehash(t, slots.length / 2);
    }
  }
}
