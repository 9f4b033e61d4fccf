package io.rusm.bench;

import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code run semaphore-storm SECONDS [options]}: a spawn storm bounded by a shared semaphore ({@link
 * SemaphoreStorm}) at each spawner count from one to all cores (or at {@code --spawners K}), through one
 * {@link ProcessRuntime} reused for every round; with {@code --baseline}, alternating with the same storm
 * on raw virtual threads in this JVM, and the ratio of their median rates at each spawner count; with
 * {@code --raw}, the raw storm alone, with no runtime in the JVM. Either side alone takes {@code --rounds}
 * too: a warm-up and that many rounds, so that JVMs which each ran one side can be compared.
 */
final class SemaphoreStormCommand {

  static final int DEFAULT_PERMITS = 10_000;
  private static final Set<String> VALUE_OPTIONS = Set.of("--permits", "--spawners", "--rounds", "--forks",
      "--stripes");
  private static final Set<String> FLAGS = Set.of("--baseline", "--raw", "--thread-names");

  private final Duration duration;
  private final int permits;
  private final int spawners;
  private final ProcessRuntime.Builder runtime;
  private final boolean baseline;
  private final boolean rawAlone;
  // Rounds after a warm-up; 0 for one round alone, which only a single side runs.
  private final int rounds;
  private final int forks;
  // What each fork runs: this command line without --forks.
  private final List<String> forkArgs;

  SemaphoreStormCommand(Duration duration, int permits, int spawners, ProcessRuntime.Builder runtime,
      boolean baseline, boolean rawAlone, int rounds, int forks, List<String> forkArgs) {
    this.duration = duration;
    this.permits = permits;
    this.spawners = spawners;
    this.runtime = runtime;
    this.baseline = baseline;
    this.rawAlone = rawAlone;
    this.rounds = rounds;
    this.forks = forks;
    this.forkArgs = List.copyOf(forkArgs);
  }

  static SemaphoreStormCommand parse(List<String> args) throws UsageException {
    Options o = Options.parse("run semaphore-storm", args, VALUE_OPTIONS, FLAGS);
    double seconds = Options.parseDouble("SECONDS", o.positionals("SECONDS").get(0), 0.001, 86_400);
    boolean baseline = o.flag("--baseline");
    if (o.has("--forks") && !baseline) {
      throw new UsageException("--forks counts --baseline JVMs: add --baseline");
    }
    boolean rawAlone = o.flag("--raw");
    if (rawAlone && baseline) {
      throw new UsageException("--raw runs the raw side alone: drop --baseline, or --raw to compare");
    }
    if (rawAlone && (o.has("--stripes") || o.flag("--thread-names"))) {
      throw new UsageException("--raw runs no runtime: drop --stripes and --thread-names, or --raw");
    }
    int rounds = o.intOption("--rounds", baseline ? StormCommand.DEFAULT_ROUNDS : 0, 1);
    return new SemaphoreStormCommand(Duration.ofNanos(Math.round(seconds * 1e9)),
        o.intOption("--permits", DEFAULT_PERMITS, 1), o.intOption("--spawners", 0, 1),
        StormCommand.runtimeBuilder(o), baseline, rawAlone, rounds, o.intOption("--forks", 1, 1),
        Forks.withoutForks(List.of("run", "semaphore-storm"), args));
  }

  Duration duration() {
    return duration;
  }

  int permits() {
    return permits;
  }

  /** The spawner count, or 0 for each count from one to all cores. */
  int spawners() {
    return spawners;
  }

  boolean baseline() {
    return baseline;
  }

  boolean rawAlone() {
    return rawAlone;
  }

  int rounds() {
    return rounds;
  }

  int forks() {
    return forks;
  }

  List<String> forkArgs() {
    return forkArgs;
  }

  int run(PrintStream out) throws IOException, InterruptedException {
    if (forks > 1) {
      return StormCommand.forked("semaphore storm", forkArgs, forks, rounds, false, out);
    }
    out.println(Environment.describe());
    int cores = Runtime.getRuntime().availableProcessors();
    int from = spawners == 0 ? 1 : spawners;
    int to = spawners == 0 ? cores : spawners;
    SemaphoreStorm storm = new SemaphoreStorm(permits);
    String each = Format.seconds(duration) + " at each spawner count";
    if (rawAlone) {
      out.printf(Locale.ROOT, "raw semaphore storm, no runtime in this JVM: %s permits, each thread yields once and"
          + " releases its permit; %s of %s%n", Format.count(permits), alone(), each);
      for (int k = from; k <= to; k++) {
        runAlone("raw", k, n -> storm.raw(n, duration), null, storm, out);
      }
      return 0;
    }
    try (ProcessRuntime rt = runtime.build()) {
      out.printf(Locale.ROOT, "semaphore storm: %s permits, each process yields once and releases its permit;"
          + " %s of %s, one runtime for every round: %s%n", Format.count(permits),
          baseline ? rounds + " alternating rusm and raw round(s) each way (raw first in even rounds) after a warm-up"
              + " of each" : alone(),
          each, rt);
      for (int k = from; k <= to; k++) {
        if (baseline) {
          runBaseline(storm, rt, k, out);
        } else {
          runAlone("rusm", k, n -> storm.rusm(rt, n, duration), rt, storm, out);
        }
      }
    }
    return 0;
  }

  private String alone() {
    return rounds == 0 ? "one round" : rounds + " round(s) after a warm-up";
  }

  /** One side's rounds at one spawner count. */
  private interface Side {
    RawStorm.Round run(int spawners) throws InterruptedException;
  }

  // One side alone: a single round, or a warm-up and `rounds` rounds with their rates per CPU-second and
  // the medians.
  private void runAlone(String label, int k, Side side, ProcessRuntime rt, SemaphoreStorm storm, PrintStream out)
      throws InterruptedException {
    if (rounds == 0) {
      RawStorm.Round r = side.run(k);
      drain(rt, storm);
      out.printf(Locale.ROOT, "%d spawner(s)  %s %14s  (%s spawned in %s)%n", k, label,
          Format.rate(r.spawnsPerSecond()), Format.count(r.spawned()), Format.seconds(r.elapsed()));
      return;
    }
    double[][] rates = new double[2][rounds];
    for (int round = 0; round <= rounds; round++) {
      long cpu = CpuClock.processNanos();
      RawStorm.Round r = side.run(k);
      drain(rt, storm);
      cpu = CpuClock.processNanos() - cpu;
      double[] rate = {r.spawnsPerSecond(), r.spawned() * 1e9 / cpu};
      printAlone(out, k + "sp " + (round == 0 ? "warm-up" : "round " + round + "/" + rounds), label, rate);
      for (int i = 0; round > 0 && i < rate.length; i++) {
        rates[i][round - 1] = rate[i];
      }
    }
    printAlone(out, k + "sp median", label, new double[] {StormCommand.median(rates[0]),
        StormCommand.median(rates[1])});
  }

  private static void printAlone(PrintStream out, String line, String label, double[] rate) {
    out.printf(Locale.ROOT, "%-12s %s %14s   per CPU-s: %s %14s%n", line, label, Format.rate(rate[0]), label,
        Format.rate(rate[1]));
  }

  private void runBaseline(SemaphoreStorm storm, ProcessRuntime rt, int k, PrintStream out)
      throws InterruptedException {
    double[][] rates = new double[4][rounds];
    for (int round = 0; round <= rounds; round++) {
      boolean rawFirst = StormCommand.rawFirst(round);
      RawStorm.Round raw = null;
      long rawCpu = 0;
      long cpu = CpuClock.processNanos();
      if (rawFirst) {
        raw = storm.raw(k, duration);
        drain(rt, storm);
        rawCpu = CpuClock.processNanos() - cpu;
      }
      cpu = CpuClock.processNanos();
      RawStorm.Round rusm = storm.rusm(rt, k, duration);
      drain(rt, storm);
      long rusmCpu = CpuClock.processNanos() - cpu;
      if (!rawFirst) {
        cpu = CpuClock.processNanos();
        raw = storm.raw(k, duration);
        drain(rt, storm);
        rawCpu = CpuClock.processNanos() - cpu;
      }
      double[] r = {rusm.spawnsPerSecond(), raw.spawnsPerSecond(), rusm.spawned() * 1e9 / rusmCpu,
          raw.spawned() * 1e9 / rawCpu};
      StormCommand.printRound(out, k + "sp " + (round == 0 ? "warm-up" : "round " + round + "/" + rounds), r);
      for (int i = 0; round > 0 && i < r.length; i++) {
        rates[i][round - 1] = r[i];
      }
    }
    StormCommand.printRound(out, k + "sp median", new double[] {StormCommand.median(rates[0]),
        StormCommand.median(rates[1]), StormCommand.median(rates[2]), StormCommand.median(rates[3])});
    StormCommand.printRoundRatios(out, k + "sp", rates);
  }

  /** Waits until the last process of a round has left the runtime (if any) and the raw table. */
  private static void drain(ProcessRuntime rt, SemaphoreStorm storm) {
    while ((rt != null && rt.live() > 0) || !storm.rawTableEmpty()) {
      LockSupport.parkNanos(100_000);
    }
  }
}
