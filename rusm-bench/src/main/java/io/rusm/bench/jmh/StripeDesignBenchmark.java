package io.rusm.bench.jmh;

import io.rusm.internal.StripedLongMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The process table's stripe designs under the load a storm puts on them: two threads taking increasing
 * keys from one counter (as pids are minted), each putting its key and removing the one it put
 * {@code live} operations earlier, so the table holds a steady population. Each value carries its key,
 * as a process carries its pid. Compares the runtime's {@link StripedLongMap} (open addressing on the
 * values alone, one monitor per stripe, counting removals as the runtime does) against a {@link
 * ConcurrentHashMap ConcurrentHashMap&lt;Long, Entry&gt;} per stripe, stripes chosen by the key's low bits
 * in both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class StripeDesignBenchmark {

  /** The table design: the runtime's, or a ConcurrentHashMap per stripe. */
  @Param({"striped-long-map", "striped-chm"})
  public String design;

  /** The number of stripes (8 is the runtime's default on two cores). */
  @Param({"8"})
  public int stripes;

  private final AtomicLong nextKey = new AtomicLong();
  private Table table;

  @Setup
  public void setUp() {
    table = switch (design) {
      case "striped-long-map" -> new LongMapTable(stripes);
      case "striped-chm" -> new ChmTable(stripes);
      default -> throw new IllegalArgumentException("design: unknown '" + design + "'");
    };
  }

  /** Each thread's keys still in the table, oldest first. */
  @State(Scope.Thread)
  public static class Window {
    /** How many keys each thread keeps in the table: the live population is twice this. */
    @Param({"16", "1024", "5000"})
    public int live;

    private Entry[] entries;
    private int next;

    @Setup
    public void setUp() {
      entries = new Entry[live];
    }
  }

  /** A table entry: a value that carries its key. */
  static final class Entry {
    final long key;

    Entry(long key) {
      this.key = key;
    }
  }

  @Benchmark
  public boolean putAndRemove(Window w) {
    Entry entry = new Entry(nextKey.getAndIncrement());
    table.put(entry);
    Entry oldest = w.entries[w.next];
    w.entries[w.next] = entry;
    w.next = (w.next + 1) % w.entries.length;
    return oldest != null && table.remove(oldest);
  }

  private interface Table {
    void put(Entry entry);

    boolean remove(Entry entry);
  }

  private static final class LongMapTable implements Table {
    private final StripedLongMap<Entry> map;

    LongMapTable(int stripes) {
      map = new StripedLongMap<>(stripes, 2, e -> e.key);
    }

    @Override
    public void put(Entry entry) {
      map.put(entry);
    }

    @Override
    public boolean remove(Entry entry) {
      return map.remove(entry, 1);
    }
  }

  private static final class ChmTable implements Table {
    private final ConcurrentHashMap<Long, Entry>[] maps;
    private final int mask;

    @SuppressWarnings("unchecked")
    ChmTable(int stripes) {
      maps = new ConcurrentHashMap[stripes];
      for (int i = 0; i < stripes; i++) {
        maps[i] = new ConcurrentHashMap<>();
      }
      mask = stripes - 1;
    }

    @Override
    public void put(Entry entry) {
      maps[(int) entry.key & mask].put(entry.key, entry);
    }

    @Override
    public boolean remove(Entry entry) {
      return maps[(int) entry.key & mask].remove(entry.key) != null;
    }
  }
}
