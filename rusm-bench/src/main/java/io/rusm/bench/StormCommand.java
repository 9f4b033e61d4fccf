package io.rusm.bench;

import io.rusm.ProcessRuntime;
import io.rusm.storm.ResourceProfile;
import io.rusm.storm.SpawnStorm;
import io.rusm.storm.StormBody;
import io.rusm.storm.StormReport;
import io.rusm.storm.StormSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code run spawn-storm SECONDS [options]}: a spawn storm through a {@link ProcessRuntime}, printing its
 * ticks and report; with {@code --baseline}, alternating rounds of the same storm through rusm and on raw
 * virtual threads ({@link RawStorm}) in this JVM, and the ratio of their median rates.
 */
final class StormCommand {

  static final int DEFAULT_ROUNDS = 5;
  private static final Set<String> VALUE_OPTIONS = Set.of("--live", "--profile", "--spawners", "--sleep-ms",
      "--spin-us", "--fail", "--kill", "--rounds", "--forks", "--tick-ms", "--stripes");
  private static final Set<String> FLAGS = Set.of("--baseline", "--raw", "--thread-names");

  // The rates a storm's round line prints, in printRound's order, as Forks reads them back.
  private static final List<String> SIDES = List.of("rusm", "raw", "rusm per CPU-s", "raw per CPU-s");

  private final StormSettings settings;
  private final ProcessRuntime.Builder runtime;
  private final boolean baseline;
  private final boolean rawAlone;
  private final int rounds;
  private final int forks;
  // What each fork runs: this command line without --forks.
  private final List<String> forkArgs;

  StormCommand(StormSettings settings, ProcessRuntime.Builder runtime, boolean baseline, boolean rawAlone,
      int rounds, int forks, List<String> forkArgs) {
    this.settings = settings;
    this.runtime = runtime;
    this.baseline = baseline;
    this.rawAlone = rawAlone;
    this.rounds = rounds;
    this.forks = forks;
    this.forkArgs = List.copyOf(forkArgs);
  }

  /** The headless example: a three-second storm with the default settings, printing its ticks. */
  static StormCommand headless() {
    return new StormCommand(StormSettings.defaults().withDuration(Duration.ofSeconds(3)), ProcessRuntime.builder(),
        false, false, 0, 1, List.of());
  }

  static StormCommand parse(List<String> args) throws UsageException {
    Options o = Options.parse("run spawn-storm", args, VALUE_OPTIONS, FLAGS);
    double seconds = Options.parseDouble("SECONDS", o.positionals("SECONDS").get(0), 0.001, 86_400);
    StormBody body;
    try {
      body = StormBody.yieldOnce()
          .withSleep(Duration.ofMillis(o.intOption("--sleep-ms", 0, 0)))
          .withSpin(Duration.ofNanos(o.intOption("--spin-us", 0, 0) * 1000L))
          .withFailFraction(o.doubleOption("--fail", 0, 0, 1))
          .withKillFraction(o.doubleOption("--kill", 0, 0, 1));
    } catch (IllegalArgumentException e) {
      throw new UsageException((e.getMessage().startsWith("sleep") ? "--sleep-ms: " : "--spin-us: ")
          + e.getMessage());
    }
    String profile = o.choice("--profile", "balanced", List.of("light", "balanced", "max"));
    StormSettings settings = StormSettings.defaults()
        .withDuration(Duration.ofNanos(Math.round(seconds * 1e9)))
        .withLiveCap(o.intOption("--live", StormSettings.DEFAULT_LIVE_CAP, 1))
        .withProfile(ResourceProfile.valueOf(profile.toUpperCase(Locale.ROOT)))
        .withSpawners(o.intOption("--spawners", 0, 1))
        .withBody(body)
        .withTickInterval(Duration.ofMillis(o.intOption("--tick-ms", 250, 1)));
    ProcessRuntime.Builder runtime = runtimeBuilder(o);
    boolean baseline = o.flag("--baseline");
    requireBaseline(o, baseline);
    boolean rawAlone = o.flag("--raw");
    if (rawAlone && baseline) {
      throw new UsageException("--raw runs the raw side alone: drop --baseline, or --raw to compare");
    }
    if (rawAlone && (o.has("--stripes") || o.flag("--thread-names"))) {
      throw new UsageException("--raw runs no runtime: drop --stripes and --thread-names, or --raw");
    }
    return new StormCommand(settings, runtime, baseline, rawAlone, o.intOption("--rounds", DEFAULT_ROUNDS, 1),
        o.intOption("--forks", 1, 1), Forks.withoutForks(List.of("run", "spawn-storm"), args));
  }

  /** --rounds and --forks count comparison rounds and JVMs: both need --baseline. */
  static void requireBaseline(Options o, boolean baseline) throws UsageException {
    for (String option : List.of("--rounds", "--forks")) {
      if (o.has(option) && !baseline) {
        throw new UsageException(option + " counts --baseline " + (option.equals("--rounds") ? "rounds" : "JVMs")
            + ": add --baseline");
      }
    }
  }

  /** The runtime the options describe: {@code --stripes N} and {@code --thread-names}. */
  static ProcessRuntime.Builder runtimeBuilder(Options o) throws UsageException {
    ProcessRuntime.Builder runtime = ProcessRuntime.builder();
    if (o.has("--stripes")) {
      try {
        runtime.stripes(o.intOption("--stripes", 0, 1));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--stripes: " + e.getMessage());
      }
    }
    if (o.flag("--thread-names")) {
      runtime.threadNamePrefix("rusm-");
    }
    return runtime;
  }

  StormSettings settings() {
    return settings;
  }

  boolean baseline() {
    return baseline;
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
      return forked("spawn storm", forkArgs, forks, rounds, true, out);
    }
    out.println(Environment.describe());
    if (rawAlone) {
      return runRawAlone(out);
    }
    try (ProcessRuntime rt = runtime.build()) {
      out.println("spawn storm: " + settings + ", " + rt);
      return baseline ? runBaseline(rt, out) : runOnce(rt, out);
    }
  }

  private int runOnce(ProcessRuntime rt, PrintStream out) throws InterruptedException {
    long cpu = CpuClock.processNanos();
    SpawnStorm storm = SpawnStorm.start(rt, settings, tick -> out.println(Format.tick(tick)));
    StormReport report = storm.awaitReport();
    cpu = CpuClock.processNanos() - cpu;
    out.println(Format.report(report));
    // Comparable with --raw's figure: a single-side run's steadier measure on a machine whose speed drifts.
    out.printf(Locale.ROOT, "  per CPU-s        %s%n", Format.rate(report.spawned() * 1e9 / cpu));
    return report.balanced() ? 0 : 1;
  }

  // The baseline's storm with no runtime in the JVM: to measure or profile each side in a JVM of its own.
  private int runRawAlone(PrintStream out) throws InterruptedException {
    int spawners = settings.spawnerCount(Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "raw spawn storm, no runtime in this JVM: %s, %d spawner(s)%n", settings, spawners);
    long cpu = CpuClock.processNanos();
    RawStorm.Round r = new RawStorm(settings.withSpawners(spawners), spawners).run(settings.duration());
    cpu = CpuClock.processNanos() - cpu;
    out.printf(Locale.ROOT, "raw %s spawned in %s: %s, per CPU-s %s%n", Format.count(r.spawned()),
        Format.seconds(r.elapsed()), Format.rate(r.spawnsPerSecond()), Format.rate(r.spawned() * 1e9 / cpu));
    return 0;
  }

  private int runBaseline(ProcessRuntime rt, PrintStream out) throws InterruptedException {
    int spawners = settings.spawnerCount(Runtime.getRuntime().availableProcessors());
    StormSettings fixed = settings.withSpawners(spawners);
    RawStorm raw = new RawStorm(fixed, spawners);
    out.printf(Locale.ROOT, "%d round(s) of %s each way after a warm-up, alternating rusm and raw (raw first in even"
        + " rounds), %d spawner(s);"
        + " per CPU-s: spawns per second of this JVM's CPU time%n", rounds, Format.seconds(settings.duration()),
        spawners);
    double[][] rates = new double[4][rounds];
    boolean balanced = true;
    for (int round = 0; round <= rounds; round++) {
      // Even rounds run raw first, so neither side always inherits the JVM the other left behind.
      boolean rawFirst = rawFirst(round);
      RawStorm.Round rawRound = null;
      long rawCpu = 0;
      long cpu = CpuClock.processNanos();
      if (rawFirst) {
        rawRound = raw.run(settings.duration());
        rawCpu = CpuClock.processNanos() - cpu;
      }
      cpu = CpuClock.processNanos();
      StormReport report = SpawnStorm.start(rt, fixed).awaitReport();
      long rusmCpu = CpuClock.processNanos() - cpu;
      if (!rawFirst) {
        cpu = CpuClock.processNanos();
        rawRound = raw.run(settings.duration());
        rawCpu = CpuClock.processNanos() - cpu;
      }
      balanced &= report.balanced();
      double[] r = {report.meanSpawnsPerSecond(), rawRound.spawnsPerSecond(), report.spawned() * 1e9 / rusmCpu,
          rawRound.spawned() * 1e9 / rawCpu};
      printRound(out, round == 0 ? "warm-up" : "round " + round + "/" + rounds, r);
      for (int i = 0; round > 0 && i < r.length; i++) {
        rates[i][round - 1] = r[i];
      }
    }
    printRound(out, "median", new double[] {median(rates[0]), median(rates[1]), median(rates[2]), median(rates[3])});
    printRoundRatios(out, "", rates);
    out.println("every rusm round balanced: " + (balanced ? "yes" : "NO"));
    return balanced ? 0 : 1;
  }

  /**
   * The comparison {@code forkArgs} runs, in {@code forks} fresh JVMs one after another ({@link Forks}),
   * then, for each group of rounds (each spawner count a storm ran at), the medians and the rounds' own
   * ratios over all the forks' rounds, as one JVM prints them over its own. {@code balance}: whether the
   * forks print whether their rusm rounds balanced.
   *
   * @return 0, or 1 if a fork exited with 1 or printed an unbalanced round
   */
  static int forked(String what, List<String> forkArgs, int forks, int rounds, boolean balance, PrintStream out)
      throws IOException, InterruptedException {
    out.println(Environment.describe());
    out.printf(Locale.ROOT, "%s, %d forks, each a fresh JVM with this one's options: %s%n", what, forks,
        String.join(" ", forkArgs));
    Forks.Pool pool = Forks.pool(forkArgs, forks, rounds, SIDES, out);
    out.printf(Locale.ROOT, "over all %d forks' %d rounds%s%n", forks, forks * rounds,
        pool.groups().size() > 1 ? " at each spawner count" : "");
    for (Map.Entry<String, double[][]> group : pool.groups().entrySet()) {
      double[][] rates = group.getValue();
      String label = group.getKey().isEmpty() ? "" : group.getKey() + " ";
      printRound(out, label + "median", new double[] {median(rates[0]), median(rates[1]), median(rates[2]),
          median(rates[3])});
      printRoundRatios(out, group.getKey(), rates);
    }
    boolean balanced = pool.balanced();
    out.println((balance ? "every rusm round balanced in every fork: " : "every fork ran to its end: ")
        + (balanced ? "yes" : "NO"));
    return balanced ? 0 : 1;
  }

  static void printRound(PrintStream out, String label, double[] r) {
    out.printf(Locale.ROOT, "%-12s rusm %14s   raw %14s   rusm/raw %.3f   per CPU-s: rusm %14s   raw %14s"
        + "   rusm/raw %.3f%n", label, Format.rate(r[0]), Format.rate(r[1]), r[0] / r[1], Format.rate(r[2]),
        Format.rate(r[3]), r[2] / r[3]);
  }

  /** Whether raw runs before rusm in this round: in the even ones, so that each goes first as often. */
  static boolean rawFirst(int round) {
    return round > 0 && round % 2 == 0;
  }

  /**
   * The median of each round's own ratio: a rusm round and the raw round right after it run under much
   * the same load, so on a machine whose load drifts this is steadier than the ratio of the medians.
   */
  static void printRoundRatios(PrintStream out, String label, double[][] rates) {
    int n = rates[0].length;
    double[] wall = new double[n];
    double[] cpu = new double[n];
    for (int i = 0; i < n; i++) {
      wall[i] = rates[0][i] / rates[1][i];
      cpu[i] = rates[2][i] / rates[3][i];
    }
    out.printf(Locale.ROOT, "%smedian of the rounds' own rusm/raw: %.3f, per CPU-s %.3f%n",
        label.isEmpty() ? "" : label + " ", median(wall), median(cpu));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
