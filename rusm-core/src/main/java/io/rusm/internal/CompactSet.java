package io.rusm.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Sets of objects compared by identity, for a process's links and monitors, stored in one field as
 * {@code null} (empty), the element itself (one element: no allocation at all) or a {@link Table}, so
 * that a million processes with a link or two each cost bytes, not collections, and a hub with a million
 * links still adds and removes in O(1). Not thread-safe: callers hold the owner's lock. Elements must not
 * be {@code Table}s, and an element's {@code hashCode()} must not change while it is in a set (any
 * value is consistent with comparing by identity; the identity hash is what {@code Object} gives).
 *
 * <h2>Design note</h2>
 * A table keeps its elements in the order they were added, in an array with a hole where one was
 * removed, and finds them through an index: an open-addressing table of positions in that array, by
 * the elements' {@code hashCode()}, at most half full, with backward-shift deletion (none for eight elements or fewer,
 * which a scan finds as fast). The order is what an exit walks in: a million watchers or linked children
 * were mostly spawned one after another, so their cells, mailboxes and stacks lie in memory in about the
 * order they monitored or linked. Walked in that order, each signal's stores land next to the last
 * one's, in lines the processor has just fetched and in cards of the collector's remembered set already
 * dirty; walked in hash order, every one is a cache miss and a card of its own to refine. Plain virtual
 * threads show it alone: the bench's raw monitor fan (a million mailboxes in a list, each given a
 * message at the kill) took 3.0 to 4.2 s walked in the order they registered and 5.8 to 7.6 s with the
 * list shuffled first. rusm-bench's README has the runs.
 * The array compacts when it fills with at least half of it holes, and halves when a table falls to an
 * eighth full, so every operation stays O(1) amortized.
 */
public final class CompactSet {

  private CompactSet() {}

  // Tables this small have no index: a scan of one cache line finds an element as fast.
  private static final int SCANNED = 8;
  private static final int MIN_CAPACITY = 4;

  /** More than one element. */
  static final class Table {
    // In the order added; null where one was removed since the last compaction. [0, count) holds every
    // element.
    Object[] elements = new Object[MIN_CAPACITY];
    int count;
    int size;
    // Null while elements.length <= SCANNED; otherwise twice its length: each slot 0 (empty) or an
    // element's position in elements plus one.
    int[] index;
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
      for (int i = 0; i < t.count; i++) {
        if (t.elements[i] != null) {
          return t.elements[i];
        }
      }
    }
    return t;
  }

  /** What {@link #take} returns when the element was not in the set. */
  public static final Object ABSENT = new Object();

  /**
   * {@code set} without {@code e} if {@code e} was in it, or {@link #ABSENT} if it was not: a removal
   * that also tells whether it removed, in one probe.
   */
  public static Object take(Object set, Object e) {
    if (set == e) {
      return null;
    }
    if (!(set instanceof Table t)) {
      return ABSENT;
    }
    int before = t.size;
    Object rest = remove(t, e);
    return t.size < before ? rest : ABSENT;
  }

  public static boolean contains(Object set, Object e) {
    if (set instanceof Table t) {
      return positionOf(t, e) >= 0;
    }
    return set != null && set == e;
  }

  public static int size(Object set) {
    if (set instanceof Table t) {
      return t.size;
    }
    return set == null ? 0 : 1;
  }

  /** Calls {@code action} for every element, in the order they were added. */
  @SuppressWarnings("unchecked")
  public static <E> void forEach(Object set, Consumer<E> action) {
    if (set instanceof Table t) {
      Object[] elements = t.elements;
      for (int i = 0, n = t.count; i < n; i++) {
        if (elements[i] != null) {
          action.accept((E) elements[i]);
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
   * The elements of {@code set} in the order they were added, with nulls between and after them where the
   * set is a table: the table's own array, not a copy, so only for a set no one changes any more (one
   * taken out of its field under the lock).
   */
  public static Object[] slots(Object set) {
    if (set instanceof Table t) {
      return t.elements;
    }
    return set == null ? NONE : new Object[] {set};
  }

  private static final Object[] NONE = {};

  private static int home(Object e, int mask) {
    // Fibonacci hashing: the top bits of the product, as many as the index needs.
    return (e.hashCode() * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask) & mask;
  }

  private static int positionOf(Table t, Object e) {
    Object[] elements = t.elements;
    int[] index = t.index;
    if (index == null) {
      for (int i = 0, n = t.count; i < n; i++) {
        if (elements[i] == e) {
          return i;
        }
      }
      return -1;
    }
    int slot = slotOf(index, elements, e);
    return slot < 0 ? -1 : index[slot] - 1;
  }

  private static int slotOf(int[] index, Object[] elements, Object e) {
    int mask = index.length - 1;
    for (int i = home(e, mask); index[i] != 0; i = (i + 1) & mask) {
      if (elements[index[i] - 1] == e) {
        return i;
      }
    }
    return -1;
  }

  private static void insert(Table t, Object e) {
    int[] index = t.index;
    if (index == null) {
      if (positionOf(t, e) >= 0) {
        return;
      }
    } else {
      // One probe finds the element or the free slot its position goes in.
      Object[] elements = t.elements;
      int mask = index.length - 1;
      int i = home(e, mask);
      for (; index[i] != 0; i = (i + 1) & mask) {
        if (elements[index[i] - 1] == e) {
          return;
        }
      }
      if (t.count < elements.length) {
        int position = t.count++;
        elements[position] = e;
        index[i] = position + 1;
        t.size++;
        return;
      }
    }
    int capacity = t.elements.length;
    if (t.count == capacity) {
      // Full to the end: grow if the elements need the room, else close the holes removals left.
      resize(t, (t.size + 1) * 2 > capacity ? capacity * 2 : capacity);
    }
    int position = t.count++;
    t.elements[position] = e;
    if (t.index != null) {
      place(t.index, e, position);
    }
    t.size++;
  }

  // The elements in order without holes, in an array of capacity (the same one, when that is its
  // length: a set whose members come and go, such as a trapping parent's children, then allocates
  // nothing), and an index to match.
  private static void resize(Table t, int capacity) {
    Object[] old = t.elements;
    Object[] elements = capacity == old.length ? old : new Object[capacity];
    int n = 0;
    for (int i = 0; i < t.count; i++) {
      if (old[i] != null) {
        elements[n++] = old[i];
      }
    }
    Arrays.fill(elements, n, Math.min(t.count, capacity), null);
    int[] index = null;
    if (capacity > SCANNED) {
      index = t.index != null && t.index.length == capacity * 2 ? t.index : new int[capacity * 2];
      Arrays.fill(index, 0);
      for (int i = 0; i < n; i++) {
        place(index, elements[i], i);
      }
    }
    t.elements = elements;
    t.count = n;
    t.index = index;
  }

  private static void place(int[] index, Object e, int position) {
    int mask = index.length - 1;
    int i = home(e, mask);
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = position + 1;
  }

  private static void delete(Table t, Object e) {
    Object[] elements = t.elements;
    int[] index = t.index;
    int position;
    if (index == null) {
      position = positionOf(t, e);
      if (position < 0) {
        return;
      }
    } else {
      int hole = slotOf(index, elements, e);
      if (hole < 0) {
        return;
      }
      position = index[hole] - 1;
      // Backward-shift deletion: move each later entry of the probe run into the hole unless its home
      // slot lies cyclically after the hole, so lookups never meet a gap inside a run.
      int mask = index.length - 1;
      for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
        if (((j - home(elements[index[j] - 1], mask)) & mask) >= ((j - hole) & mask)) {
          index[hole] = index[j];
          hole = j;
        }
      }
      index[hole] = 0;
    }
    elements[position] = null;
    t.size--;
    // Holes at the end are room to append again; each is passed over once.
    while (t.count > 0 && elements[t.count - 1] == null) {
      t.count--;
    }
    // Shrink at one eighth full, grow when full: a hub that lost most of its links gives the memory
    // back, and no size sits where one removal and one addition would resize twice.
    if (t.size * 8 < elements.length && elements.length > SCANNED) {
      resize(t, elements.length / 2);
    }
  }
}
