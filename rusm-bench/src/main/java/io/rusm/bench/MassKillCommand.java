package io.rusm.bench;

import io.rusm.ProcessBody;
import io.rusm.ProcessRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code run mass-kill N [--baseline] [--rounds R] [--receive]}: the cold figure for killing a crowd. Each
 * round launches a fresh JVM (the same {@code java}, JVM options and class path as this one) that spawns N
 * processes parked until killed (with {@code --receive}: waiting in {@code receive()}, and raw threads in
 * a {@link LinkedTransferQueue#take()}), waits until every one has started, and times from the kill to the
 * last exit: {@code shutdown(Duration.ZERO)} for rusm; for raw virtual threads in a {@link ConcurrentHashMap}
 * table, interrupting every thread in the table and waiting for the table to empty. Nothing runs first
 * in that JVM, so the figure includes compiling the kill and exit paths, which {@code run idle} (warm)
 * does not. With {@code --baseline}, rusm and raw JVMs alternate.
 */
final class MassKillCommand {

  static final int DEFAULT_ROUNDS = 3;
  static final String CHILD = "mass-kill-child";
  private static final String RESULT = "mass-kill-result";
  private static final Set<String> VALUE_OPTIONS = Set.of("--rounds", "--stripes");
  private static final Set<String> FLAGS = Set.of("--baseline", "--thread-names", "--receive");
  private static final Set<String> CHILD_FLAGS = Set.of("--thread-names", "--receive");

  private final int count;
  private final boolean baseline;
  private final int rounds;
  private final List<String> runtimeOptions;

  MassKillCommand(int count, boolean baseline, int rounds, List<String> runtimeOptions) {
    this.count = count;
    this.baseline = baseline;
    this.rounds = rounds;
    this.runtimeOptions = runtimeOptions;
  }

  static MassKillCommand parse(List<String> args) throws UsageException {
    Options o = Options.parse("run mass-kill", args, VALUE_OPTIONS, FLAGS);
    int count = Options.parseInt("N", o.positionals("N").get(0), 1);
    // Checked here, so a bad value is reported before any JVM starts; passed on to each rusm JVM.
    StormCommand.runtimeBuilder(o);
    List<String> runtimeOptions = new ArrayList<>();
    if (o.has("--stripes")) {
      runtimeOptions.addAll(List.of("--stripes", Integer.toString(o.intOption("--stripes", 0, 1))));
    }
    if (o.flag("--thread-names")) {
      runtimeOptions.add("--thread-names");
    }
    if (o.flag("--receive")) {
      runtimeOptions.add("--receive");
    }
    return new MassKillCommand(count, o.flag("--baseline"), o.intOption("--rounds", DEFAULT_ROUNDS, 1),
        runtimeOptions);
  }

  List<String> runtimeOptions() {
    return runtimeOptions;
  }

  int count() {
    return count;
  }

  boolean baseline() {
    return baseline;
  }

  int rounds() {
    return rounds;
  }

  int run(PrintStream out) throws IOException, InterruptedException {
    out.println(Environment.describe());
    out.printf(Locale.ROOT, "mass kill, cold: %d round(s), each side in a fresh JVM (%s); %s %s, then kill"
        + " all and see the last exit%n", rounds, String.join(" ", jvmOptions()), Format.count(count),
        runtimeOptions.contains("--receive") ? "waiting in receive()" : "parked");
    List<Long> rusm = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      rusm.add(child(out, "rusm", round));
      if (baseline) {
        raw.add(child(out, "raw", round));
      }
    }
    long rusmMedian = median(rusm);
    out.printf(Locale.ROOT, "median  rusm killed all and saw them exit in %s%n", Format.millis(rusmMedian));
    if (baseline) {
      long rawMedian = median(raw);
      out.printf(Locale.ROOT, "median  raw  killed all and saw them exit in %s   rusm/raw %.3f%n",
          Format.millis(rawMedian), (double) rusmMedian / rawMedian);
    }
    return 0;
  }

  private static long median(List<Long> nanos) {
    return Math.round(StormCommand.median(nanos.stream().mapToDouble(Long::doubleValue).toArray()));
  }

  private static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  /** Runs one side in a fresh JVM; returns its kill-to-last-exit time. */
  private long child(PrintStream out, String side, int round) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), CHILD, side,
        Integer.toString(count)));
    command.addAll(runtimeOptions);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    long killNanos = -1;
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith(RESULT + " ")) {
          String[] f = line.split(" ");
          killNanos = Long.parseLong(f[3]);
          out.printf(Locale.ROOT, "round %d  %-4s spawned %s in %s, killed all and saw them exit in %s%n", round,
              side, Format.count(count), Format.millis(Long.parseLong(f[2])), Format.millis(killNanos));
        } else {
          lines.add(line);
        }
      }
    }
    int code = process.waitFor();
    if (code != 0 || killNanos < 0) {
      throw new IllegalStateException("the " + side + " JVM exited with " + code + ": " + String.join("\n", lines));
    }
    return killNanos;
  }

  /** The child JVM's side: {@code mass-kill-child rusm|raw N [runtime options]}. */
  static BenchMain.Command parseChild(List<String> args) throws UsageException {
    if (args.isEmpty() || !(args.get(0).equals("rusm") || args.get(0).equals("raw"))) {
      throw new UsageException(CHILD + " needs rusm or raw");
    }
    boolean rusm = args.get(0).equals("rusm");
    Options o = Options.parse(CHILD, args.subList(1, args.size()), Set.of("--stripes"), CHILD_FLAGS);
    int count = Options.parseInt("N", o.positionals("N").get(0), 1);
    ProcessRuntime.Builder builder = StormCommand.runtimeBuilder(o).maxProcesses(
        Math.max(count, ProcessRuntime.DEFAULT_MAX_PROCESSES));
    boolean receive = o.flag("--receive");
    return out -> {
      long[] r = rusm ? rusm(builder, count, receive) : raw(count, receive);
      out.println(RESULT + " " + args.get(0) + " " + r[0] + " " + r[1]);
      return 0;
    };
  }

  /**
   * Spawns {@code n} processes parked (or waiting in {@code receive()}), then times {@code
   * shutdown(Duration.ZERO)}: spawn and kill nanos.
   */
  static long[] rusm(ProcessRuntime.Builder builder, int n, boolean receive) {
    LongAdder started = new LongAdder();
    ProcessBody parked = receive ? ctx -> {
      started.increment();
      ctx.receive();
    } : ctx -> {
      started.increment();
      while (!ctx.isKilled()) {
        LockSupport.park();
      }
    };
    try (ProcessRuntime rt = builder.build()) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        rt.spawn(parked);
      }
      awaitStarted(started, n);
      long spawned = System.nanoTime() - start;
      long killStart = System.nanoTime();
      rt.shutdown(Duration.ZERO);
      return new long[] {spawned, System.nanoTime() - killStart};
    }
  }

  /** The same for raw virtual threads in a table, killed by interrupting each. */
  static long[] raw(int n, boolean receive) {
    LongAdder started = new LongAdder();
    ConcurrentHashMap<Long, Thread> table = new ConcurrentHashMap<>();
    AtomicLong ids = new AtomicLong();
    ThreadFactory threads = Thread.ofVirtual().factory();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long id = ids.getAndIncrement();
      Thread t = threads.newThread(() -> {
        started.increment();
        try {
          if (receive) {
            new LinkedTransferQueue<Object>().take();
          }
          while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park();
          }
        } catch (InterruptedException e) {
          // Killed while waiting for a message: the end this side measures.
        } finally {
          table.remove(id);
        }
      });
      table.put(id, t);
      t.start();
    }
    awaitStarted(started, n);
    long spawned = System.nanoTime() - start;
    long killStart = System.nanoTime();
    table.values().forEach(Thread::interrupt);
    while (!table.isEmpty()) {
      LockSupport.parkNanos(1_000_000);
    }
    return new long[] {spawned, System.nanoTime() - killStart};
  }

  private static void awaitStarted(LongAdder started, int n) {
    while (started.sum() < n) {
      LockSupport.parkNanos(1_000_000);
    }
  }
}
