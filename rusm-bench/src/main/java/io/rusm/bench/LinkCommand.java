package io.rusm.bench;

import io.rusm.Down;
import io.rusm.ExitSignal;
import io.rusm.ProcessBody;
import io.rusm.MonitorRef;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run link-star|link-chain|monitor-fan|spawn-link-storm [N] [--rounds R] [--baseline] [--peers
 * beam]}: how long an exit takes to reach N processes through links or monitors, from the cause to the last
 * exit.
 *
 * <ul>
 *   <li>link-star: a hub spawn-links N children that wait in {@code receive()}; the hub is killed.
 *   <li>link-chain: each process spawn-links the next from its body, N deep, then waits in {@code
 *       receive()}; the head is killed once all N have linked.
 *   <li>monitor-fan: N watchers each monitor one target waiting in {@code receive()}, then wait for its
 *       {@link Down} and return; the target is killed.
 *   <li>spawn-link-storm: a parent trapping exits spawn-links N children that return at once, at most
 *       1,000 alive, and counts their {@link ExitSignal}s; timed from the start to the N-th.
 * </ul>
 *
 * <p>Each round builds a fresh runtime. The setup waits until every process has counted itself in a
 * {@link LongAdder} once it is linked or monitoring; the last exit is when the runtime's {@link
 * ProcessRuntime#live() live} count is back to zero, polled every millisecond from the bench's thread. That
 * count drops only after a process's links and monitors are signalled, so it covers the whole exit path,
 * and it costs the bodies nothing: no counter or latch on their exit path, no joiner or exit callback
 * created for a million processes. With {@code --baseline}, each round also runs the workload on raw
 * virtual threads ({@link RawLinks}, in the same JVM after a warm-up of its own; raw first in even rounds),
 * the JVM's floor for it. With {@code --peers beam}, each round is followed by one on Erlang/BEAM ({@code
 * linkbench.erl}, a fresh {@code erl} per round, polling its process count the same way). For link-star and
 * monitor-fan, a last pass measures the heap per link end and per monitor.
 */
final class LinkCommand {

  static final int DEFAULT_N = 1_000_000;
  static final int DEFAULT_ROUNDS = 3;
  static final int WARM_UP_N = 100_000;
  static final int STORM_ALIVE = 1_000;
  private static final Set<String> VALUE_OPTIONS = Set.of("--rounds", "--peers", "--stripes");
  private static final Set<String> FLAGS = Set.of("--thread-names", "--baseline");
  private static final Pattern BEAM_RESULT = Pattern.compile("^linkbench setup=(\\d+) nanos=(\\d+)$",
      Pattern.MULTILINE);
  private static final long BEAM_TIMEOUT_SECONDS = 900;
  private static final long POLL_NANOS = 1_000_000;
  private static final Object MEASURE = "measure";

  /** The four workloads, by their command names. */
  enum Kind {
    STAR("link-star", "a hub spawn-links %s children waiting in receive(), then the hub is killed"),
    CHAIN("link-chain", "each process spawn-links the next, %s deep, all waiting in receive(); the head is"
        + " killed"),
    MONITOR("monitor-fan", "%s watchers monitor one target waiting in receive(), each returning on its Down;"
        + " the target is killed"),
    STORM("spawn-link-storm", "a parent trapping exits spawn-links %s children that return at once, at most"
        + " 1,000 alive, counting their exit signals");

    final String command;
    private final String description;

    Kind(String command, String description) {
      this.command = command;
      this.description = description;
    }

    String describe(int n) {
      return command + ": " + String.format(Locale.ROOT, description, Format.count(n));
    }

    /** Whether the workload measures its memory: per link end (the star) or per monitor (the fan). */
    boolean measuresMemory() {
      return this == STAR || this == MONITOR;
    }
  }

  /** One round of one side: nanos to set up (0 when nothing is set up first), and from the cause to the end. */
  record Round(long setupNanos, long nanos) {}

  private final Kind kind;
  private final int n;
  private final int rounds;
  private final boolean beam;
  private final boolean baseline;
  private final Integer stripes;
  private final boolean threadNames;
  private String erl = "erl";

  LinkCommand(Kind kind, int n, int rounds, boolean beam, boolean baseline, Integer stripes,
      boolean threadNames) {
    this.kind = kind;
    this.n = n;
    this.rounds = rounds;
    this.beam = beam;
    this.baseline = baseline;
    this.stripes = stripes;
    this.threadNames = threadNames;
  }

  static LinkCommand parse(Kind kind, List<String> args) throws UsageException {
    Options o = Options.parse("run " + kind.command, args, VALUE_OPTIONS, FLAGS);
    String count = o.optionalPositional("N");
    int n = count == null ? DEFAULT_N : Options.parseInt("N", count, 1);
    boolean beam = false;
    if (o.has("--peers")) {
      if (!o.value("--peers").equals("beam")) {
        throw new UsageException("--peers: expected beam, got '" + o.value("--peers") + "'");
      }
      beam = true;
    }
    StormCommand.runtimeBuilder(o);
    Integer stripes = o.has("--stripes") ? o.intOption("--stripes", 0, 1) : null;
    return new LinkCommand(kind, n, o.intOption("--rounds", DEFAULT_ROUNDS, 1), beam, o.flag("--baseline"),
        stripes, o.flag("--thread-names"));
  }

  Kind kind() {
    return kind;
  }

  int n() {
    return n;
  }

  int rounds() {
    return rounds;
  }

  boolean beam() {
    return beam;
  }

  boolean baseline() {
    return baseline;
  }

  /** Runs the beam peer with this {@code erl} (and the {@code erlc} beside its name) instead of the PATH's. */
  LinkCommand withErl(String erl) {
    this.erl = erl;
    return this;
  }

  private ProcessRuntime runtime(int processes) {
    ProcessRuntime.Builder b = ProcessRuntime.builder()
        .maxProcesses(Math.max(ProcessRuntime.DEFAULT_MAX_PROCESSES, processes + 1_000))
        .shutdownGracePeriod(Duration.ZERO);
    if (stripes != null) {
      b.stripes(stripes);
    }
    if (threadNames) {
      b.threadNamePrefix("rusm-");
    }
    return b.build();
  }

  int run(PrintStream out) throws Exception {
    out.println(Environment.describe());
    out.println(kind.describe(n));
    // The beam peer first: a missing Erlang fails before anything slower has started.
    BeamPeer peer = beam ? BeamPeer.start(erl, "linkbench") : null;
    try {
      int warmUp = Math.min(n, WARM_UP_N);
      out.printf(Locale.ROOT, "%d round(s) after a %s warm-up round of %s%s%s; time from the %s to the last"
          + " exit%n", rounds, baseline ? "rusm and a raw" : "rusm", Format.count(warmUp), baseline
          ? ", rusm and raw virtual threads in turn (raw first in even rounds)" : "", beam ? ", then beam (a"
          + " fresh erl +S 2:2 per round, no warm-up)" : "", kind == Kind.STORM ? "start" : "kill");
      boolean checked = true;
      Round w = rusmRound(warmUp);
      checked &= w != null;
      if (w != null) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", "warm-up")).append(cell("rusm", w));
        if (baseline) {
          Round rw = rawRound(warmUp);
          checked &= rw != null;
          line.append(rw == null ? "   raw: the exits did not add up" : cell("raw", rw));
        }
        out.println(line);
      }
      List<Round> rusm = new ArrayList<>();
      List<Round> raw = new ArrayList<>();
      List<Round> others = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", "round " + round + "/" + rounds));
        boolean rawFirst = baseline && round % 2 == 0;
        Round rr = rawFirst ? rawRound(n) : null;
        Round r = rusmRound(n);
        if (baseline && !rawFirst) {
          rr = rawRound(n);
        }
        if (r == null || (baseline && rr == null)) {
          checked = false;
          out.println(line.append(r == null ? "   rusm" : "   raw").append(": the exits did not add up"));
          continue;
        }
        rusm.add(r);
        line.append(cell("rusm", r));
        if (baseline) {
          raw.add(rr);
          line.append(cell("raw", rr));
        }
        if (peer != null) {
          Round b = beamRound(peer, kind, n);
          others.add(b);
          line.append(cell("beam", b));
        }
        out.println(line);
      }
      if (!rusm.isEmpty()) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", "median"));
        Round rusmMedian = median(rusm);
        line.append(cell("rusm", rusmMedian));
        Round rawMedian = baseline ? median(raw) : null;
        if (baseline) {
          line.append(cell("raw", rawMedian));
        }
        Round beamMedian = peer != null ? median(others) : null;
        if (peer != null) {
          line.append(cell("beam", beamMedian));
        }
        if (baseline) {
          line.append(ratio("rusm/raw", rusmMedian, rawMedian));
        }
        if (peer != null) {
          line.append(ratio("rusm/beam", rusmMedian, beamMedian));
        }
        if (baseline && peer != null) {
          line.append(ratio("raw/beam", rawMedian, beamMedian));
        }
        out.println(line);
      }
      if (kind.measuresMemory()) {
        out.println(memory());
      }
      out.println("every rusm round's exits added up: " + (checked ? "yes" : "NO"));
      return checked ? 0 : 1;
    } finally {
      if (peer != null) {
        peer.close();
      }
    }
  }

  private String cell(String side, Round r) {
    String setup = kind == Kind.STORM ? "" : "setup " + Format.millis(r.setupNanos()) + ", ";
    return String.format(Locale.ROOT, "   %s %s%s %s", side, setup, kind == Kind.STORM ? "all done in"
        : "last exit after", Format.millis(r.nanos()));
  }

  private static String ratio(String name, Round a, Round b) {
    return String.format(Locale.ROOT, "   %s %.3f", name, (double) a.nanos() / b.nanos());
  }

  private static Round median(List<Round> rounds) {
    return new Round(Math.round(StormCommand.median(rounds.stream().mapToDouble(Round::setupNanos).toArray())),
        Math.round(StormCommand.median(rounds.stream().mapToDouble(Round::nanos).toArray())));
  }

  /** One rusm round of {@code count} in a fresh runtime; null if the runtime's link counters disagree. */
  private Round rusmRound(int count) throws Exception {
    try (ProcessRuntime rt = runtime(count + 2)) {
      Round r;
      if (kind == Kind.STORM) {
        r = new Round(0, storm(rt, count));
      } else {
        long start = System.nanoTime();
        ProcessRef victim = setUp(rt, kind, count, false);
        long cause = System.nanoTime();
        victim.kill();
        awaitNoneLive(rt);
        r = new Round(cause - start, System.nanoTime() - cause);
      }
      awaitNoneLive(rt);
      long expected = switch (kind) {
        case STAR -> rt.linkedExits();
        case CHAIN -> rt.linkedExits() + 1;
        case MONITOR -> rt.downsDelivered();
        case STORM -> rt.exitSignalsTrapped();
      };
      return expected == count ? r : null;
    }
  }

  /** One round of {@code count} on raw virtual threads; null if a thread was left in its table. */
  private Round rawRound(int count) throws Exception {
    RawLinks links = new RawLinks();
    Round r = links.run(kind, count);
    return links.isEmpty() ? r : null;
  }

  /**
   * Spawns the workload's processes and waits until each is linked or monitoring and waiting; returns the
   * process whose kill is the cause. {@code plain} spawns the same processes the same way without links
   * or monitors, for the memory baseline.
   */
  static ProcessRef setUp(ProcessRuntime rt, Kind kind, int n, boolean plain) {
    LongAdder ready = new LongAdder();
    ProcessRef victim = switch (kind) {
      case STAR -> rt.spawn(hub -> {
        ProcessBody child = c -> {
          ready.increment();
          c.receive();
        };
        for (int i = 0; i < n; i++) {
          if (plain) {
            hub.spawn(child);
          } else {
            hub.spawnLink(child);
          }
        }
        hub.receive();
      });
      case CHAIN -> rt.spawn(chain(n - 1, ready, plain));
      case MONITOR -> {
        ProcessRef target = rt.spawn(t -> t.receive());
        for (int i = 0; i < n; i++) {
          rt.spawn(w -> {
            if (!plain) {
              w.monitor(target.pid());
            }
            ready.increment();
            // The only message a watcher gets is its Down; a plain one waits the same way, for nothing.
            w.receive(Down.class);
          });
        }
        yield target;
      }
      case STORM -> throw new IllegalArgumentException("the storm has no setup");
    };
    awaitAtLeast(ready::sum, n);
    return victim;
  }

  /** A process of the chain with {@code left} more after it: it spawn-links the next, then waits. */
  private static ProcessBody chain(int left, LongAdder ready, boolean plain) {
    return ctx -> {
      if (left > 0) {
        if (plain) {
          ctx.spawn(chain(left - 1, ready, true));
        } else {
          ctx.spawnLink(chain(left - 1, ready, false));
        }
      }
      ready.increment();
      ctx.receive();
    };
  }

  /** The storm: returns nanos from the start to the parent's N-th exit signal. */
  static long storm(ProcessRuntime rt, int n) throws InterruptedException, ExecutionException {
    CompletableFuture<Long> done = new CompletableFuture<>();
    ProcessBody child = c -> {};
    long start = System.nanoTime();
    rt.spawn(p -> {
      p.trapExits(true);
      int left = n;
      int alive = 0;
      while (left > 0 || alive > 0) {
        if (left > 0 && alive < STORM_ALIVE) {
          p.spawnLink(child);
          left--;
          alive++;
        } else {
          p.receive(ExitSignal.class);
          alive--;
        }
      }
      done.complete(System.nanoTime());
    });
    return done.get() - start;
  }

  private static void awaitNoneLive(ProcessRuntime rt) {
    while (rt.live() > 0) {
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static void awaitAtLeast(LongSupplier count, long n) {
    while (count.getAsLong() < n) {
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Heap per link end (the star: two per link) or per monitor (the fan), measured on the same processes
   * before and after their links or monitors are made: the heap after GC with the hub and its N children
   * spawned plainly, then once the hub has linked to each child; or with a target and one watcher, then
   * once the watcher has monitored the target N times (monitors stack, as Erlang's do), so that nothing
   * but the monitors differs. The difference over the link ends or monitors. Measuring two populations
   * instead would not do: a parked process's frames take more or less room as the JIT compiles or
   * deoptimizes its body, which moves a million processes' heap by tens of megabytes from one population
   * to the next, and waking a million watchers to monitor changes their frames the same way.
   */
  private String memory() throws Exception {
    long plain;
    long set;
    try (ProcessRuntime rt = runtime(n + 2)) {
      LongAdder ready = new LongAdder();
      CompletableFuture<Void> linked = new CompletableFuture<>();
      ProcessRef victim;
      if (kind == Kind.STAR) {
        victim = rt.spawn(hub -> {
          io.rusm.Pid[] children = new io.rusm.Pid[n];
          for (int i = 0; i < n; i++) {
            children[i] = hub.spawn(c -> {
              ready.increment();
              c.receive();
            }).pid();
          }
          hub.receive();
          for (io.rusm.Pid child : children) {
            hub.link(child);
          }
          linked.complete(null);
          hub.receive();
        });
        awaitAtLeast(ready::sum, n);
        plain = HeapMeter.usedAfterGc();
        victim.send(MEASURE);
        linked.get();
      } else {
        victim = rt.spawn(t -> t.receive());
        List<MonitorRef> refs = new ArrayList<>(n);
        ProcessRef watcher = rt.spawn(w -> {
          w.receive();
          for (int i = 0; i < n; i++) {
            refs.add(w.monitor(victim.pid()));
          }
          linked.complete(null);
          w.receive();
        });
        // The list that will keep the refs is grown to N before the plain measure, so that only the
        // monitors differ.
        for (int i = 0; i < n; i++) {
          refs.add(null);
        }
        refs.clear();
        plain = HeapMeter.usedAfterGc();
        watcher.send(MEASURE);
        linked.get();
      }
      set = HeapMeter.usedAfterGc();
      victim.kill();
      awaitNoneLive(rt);
    }
    long units = kind == Kind.STAR ? 2L * n : n;
    return String.format(Locale.ROOT, "memory      heap after GC %s MiB plain, %s MiB %s: %.1f B per %s (%s of"
        + " them)", mib(plain), mib(set), kind == Kind.STAR ? "once the hub linked to each child"
        : "once one watcher monitored the target N times", (double) (set - plain) / units,
        kind == Kind.STAR ? "link end" : "monitor", Format.count(units));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f", bytes / 1048576.0);
  }

  /** One beam round: a fresh VM running {@code linkbench}. */
  static Round beamRound(BeamPeer peer, Kind kind, int n) throws IOException, InterruptedException {
    String output = peer.runModule(List.of("+P", Integer.toString(Math.max(1_024, n + 10_000))), "linkbench",
        List.of(kind.command, Integer.toString(n)), BEAM_TIMEOUT_SECONDS);
    return parseBeam(output);
  }

  /** The round in the line {@code linkbench} printed, or a failure quoting what it printed instead. */
  static Round parseBeam(String output) {
    Matcher m = BEAM_RESULT.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("the beam peer printed no result: " + output.strip());
    }
    return new Round(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }
}
