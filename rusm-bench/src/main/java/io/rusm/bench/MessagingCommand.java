package io.rusm.bench;

import io.rusm.ProcessRuntime;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code run ping-pong|ring|fan-in SECONDS [options]}: a messaging workload on a {@link ProcessRuntime},
 * printing messages per second and whether the runtime's message counters balanced. With {@code
 * --baseline} and {@code --peers}, alternating rounds of the same workload on rusm, on raw virtual threads
 * with the best plain JDK mailboxes ({@link RawMailbox}), on Apache Pekko ({@link PekkoPeer}) and on
 * Erlang/BEAM ({@link BeamPeer}), and the ratio of rusm's median to each other side's.
 */
final class MessagingCommand {

  static final int DEFAULT_ROUNDS = 5;
  static final List<String> PEERS = List.of("pekko", "beam");
  private static final Set<String> FLAGS = Set.of("--baseline", "--thread-names");

  private final Workload workload;
  private final Duration duration;
  private final ProcessRuntime.Builder runtime;
  private final boolean baseline;
  private final List<String> peers;
  private final int rounds;
  private final int forks;
  // What each fork runs: this command line without --forks.
  private final List<String> forkArgs;
  private String erl = "erl";

  MessagingCommand(Workload workload, Duration duration, ProcessRuntime.Builder runtime, boolean baseline,
      List<String> peers, int rounds, int forks, List<String> forkArgs) {
    this.workload = workload;
    this.duration = duration;
    this.runtime = runtime;
    this.baseline = baseline;
    this.peers = List.copyOf(peers);
    this.rounds = rounds;
    this.forks = forks;
    this.forkArgs = List.copyOf(forkArgs);
  }

  static MessagingCommand parse(Workload.Kind kind, List<String> args) throws UsageException {
    Set<String> valueOptions = new HashSet<>(Set.of(kind.sizeOption, "--rounds", "--forks", "--peers",
        "--stripes"));
    if (kind == Workload.Kind.FAN_IN) {
      valueOptions.add("--window");
    }
    Options o = Options.parse("run " + kind.command, args, valueOptions, FLAGS);
    double seconds = Options.parseDouble("SECONDS", o.positionals("SECONDS").get(0), 0.001, 86_400);
    int size = o.intOption(kind.sizeOption, kind.defaultSize, 1);
    int window = o.intOption("--window", Workload.DEFAULT_WINDOW, 2);
    List<String> peers = peers(o);
    boolean baseline = o.flag("--baseline");
    for (String option : List.of("--rounds", "--forks")) {
      if (o.has(option) && !baseline && peers.isEmpty()) {
        throw new UsageException(option + " counts comparison " + (option.equals("--rounds") ? "rounds" : "JVMs")
            + ": add --baseline or --peers");
      }
    }
    Workload workload = new Workload(kind, size, window);
    ProcessRuntime.Builder runtime = StormCommand.runtimeBuilder(o)
        .maxProcesses(Math.max(ProcessRuntime.DEFAULT_MAX_PROCESSES, workload.processes()));
    return new MessagingCommand(workload, Duration.ofNanos(Math.round(seconds * 1e9)), runtime, baseline, peers,
        o.intOption("--rounds", DEFAULT_ROUNDS, 1), o.intOption("--forks", 1, 1),
        Forks.withoutForks(List.of("run", kind.command), args));
  }

  private static List<String> peers(Options o) throws UsageException {
    if (!o.has("--peers")) {
      return List.of();
    }
    String text = o.value("--peers");
    List<String> peers = new ArrayList<>();
    for (String peer : text.split(",", -1)) {
      if (!PEERS.contains(peer) || peers.contains(peer)) {
        throw new UsageException("--peers: expected pekko, beam or pekko,beam, got '" + text + "'");
      }
      peers.add(peer);
    }
    return peers;
  }

  Workload workload() {
    return workload;
  }

  Duration duration() {
    return duration;
  }

  boolean baseline() {
    return baseline;
  }

  List<String> peers() {
    return peers;
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

  /** Runs the beam peer with this {@code erl} (and the {@code erlc} beside its name) instead of the PATH's. */
  MessagingCommand withErl(String erl) {
    this.erl = erl;
    return this;
  }

  private boolean comparing() {
    return baseline || !peers.isEmpty();
  }

  int run(PrintStream out) throws Exception {
    if (forks > 1) {
      return forked(out);
    }
    out.println(Environment.describe());
    out.println(workload.describe() + "; " + Format.seconds(duration) + (comparing() ? " rounds" : ""));
    try (ProcessRuntime rt = runtime.build()) {
      List<MessagingSide> sides = new ArrayList<>();
      sides.add(new RusmMessaging(rt));
      try {
        // The beam peer first: a missing Erlang fails before anything slower has started.
        MessagingSide beam = peers.contains("beam") ? BeamPeer.start(erl) : null;
        if (baseline) {
          sides.add(RawMessaging.ltq());
          sides.add(RawMessaging.park());
        }
        if (peers.contains("pekko")) {
          sides.add(PekkoPeer.start());
        }
        if (beam != null) {
          sides.add(beam);
        }
        return comparing() ? compare(rt, sides, out) : once(rt, sides.get(0), out);
      } finally {
        for (MessagingSide side : sides) {
          side.close();
        }
      }
    }
  }

  private int once(ProcessRuntime rt, MessagingSide rusm, PrintStream out) throws Exception {
    MessagingSide.Round r = rusm.run(workload, duration);
    out.printf(Locale.ROOT, "rusm %s (%s messages in %s)%s%n", Format.rate(r.perSecond()),
        Format.count(r.messages()), Format.seconds(Duration.ofNanos(r.nanos())), backlog(r));
    boolean balanced = Boolean.TRUE.equals(r.balanced());
    out.println("counters: " + RusmMessaging.counters(rt) + ": " + (balanced ? "balanced" : "NOT balanced"));
    return balanced ? 0 : 1;
  }

  // Warm-up rounds before the measured ones. One is not enough: the end of a round (its processes
  // stopping) takes paths that its compiled code never saw, the JIT throws that code away, and the next
  // round's processes, spawned while it is being compiled again, spend their lives in the frames they
  // started in. The second round's end changes nothing more.
  static final int WARM_UPS = 2;

  private int compare(ProcessRuntime rt, List<MessagingSide> sides, PrintStream out) throws Exception {
    List<String> labels = sides.stream().map(MessagingSide::label).toList();
    out.printf(Locale.ROOT, "%d round(s) after %d warm-up rounds of %s, each round starting one side further on%s%n",
        rounds, WARM_UPS, String.join(", ", labels),
        peers.contains("beam") ? "; beam starts a fresh VM for each round and has no warm-up round" : "");
    double[][] rates = new double[sides.size()][rounds];
    boolean balanced = true;
    // Rounds up to 0 warm up.
    for (int round = 1 - WARM_UPS; round <= rounds; round++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s",
          round <= 0 ? "warm-up " + (round + WARM_UPS) + "/" + WARM_UPS : "round " + round + "/" + rounds));
      for (int k = 0; k < sides.size(); k++) {
        // Each round starts with the next side, so no side always runs first: a side inherits the JVM
        // the one before it left (its garbage, its idle carriers), and a fixed order puts the same side
        // after the same one every time.
        int i = round <= 0 ? k : (k + round - 1) % sides.size();
        MessagingSide side = sides.get(i);
        if (round <= 0 && side instanceof BeamPeer) {
          continue;
        }
        MessagingSide.Round r = side.run(workload, duration);
        balanced &= !Boolean.FALSE.equals(r.balanced());
        line.append(cell(side.label(), r.perSecond())).append(backlog(r));
        if (round > 0) {
          rates[i][round - 1] = r.perSecond();
        }
      }
      out.println(line);
    }
    summary(labels, rates, out);
    out.println("every rusm round balanced: " + (balanced ? "yes" : "NO") + " (" + RusmMessaging.counters(rt)
        + ")");
    return balanced ? 0 : 1;
  }

  // The sides' labels in the order run() adds them.
  private List<String> labels() {
    List<String> labels = new ArrayList<>(List.of("rusm"));
    if (baseline) {
      labels.addAll(List.of("raw-ltq", "raw-park"));
    }
    for (String peer : List.of("pekko", "beam")) {
      if (peers.contains(peer)) {
        labels.add(peer);
      }
    }
    return labels;
  }

  // The comparison in `forks` fresh JVMs, one after another, and then the medians over all their rounds.
  private int forked(PrintStream out) throws Exception {
    out.println(Environment.describe());
    out.printf(Locale.ROOT, "%s; %s rounds; %d forks, each a fresh JVM with this one's options: %s%n",
        workload.describe(), Format.seconds(duration), forks, String.join(" ", forkArgs));
    List<String> labels = labels();
    Forks.Pool pool = Forks.pool(forkArgs, forks, rounds, labels, out);
    if (pool.groups().size() != 1) {
      throw new IllegalStateException("the forks printed rounds in groups " + pool.groups().keySet());
    }
    double[][] rates = pool.groups().values().iterator().next();
    boolean balanced = pool.balanced();
    out.printf(Locale.ROOT, "over all %d forks' %d rounds%n", forks, forks * rounds);
    summary(labels, rates, out);
    out.println("every rusm round balanced in every fork: " + (balanced ? "yes" : "NO"));
    return balanced ? 0 : 1;
  }

  // The medians of each side's rounds, rusm's ratio to each, and the median of the rounds' own ratios.
  private static void summary(List<String> labels, double[][] rates, PrintStream out) {
    double[] medians = new double[labels.size()];
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", "median"));
    for (int i = 0; i < labels.size(); i++) {
      medians[i] = StormCommand.median(rates[i]);
      line.append(cell(labels.get(i), medians[i]));
    }
    out.println(line);
    out.println(ratios(labels, medians));
    out.println(roundRatios(labels, rates));
  }

  /** rusm's median over each other side's, and over the better raw mailbox's. */
  static String ratios(List<String> labels, double[] medians) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", "ratio"));
    double bestRaw = 0;
    for (int i = 1; i < labels.size(); i++) {
      line.append(String.format(Locale.ROOT, "   rusm/%s %.3f", labels.get(i), medians[0] / medians[i]));
      if (labels.get(i).startsWith("raw-")) {
        bestRaw = Math.max(bestRaw, medians[i]);
      }
    }
    if (bestRaw > 0) {
      line.append(String.format(Locale.ROOT, "   rusm/best-raw %.3f", medians[0] / bestRaw));
    }
    return line.toString();
  }

  /**
   * The median of each round's own ratios, rusm's rate over each other side's and over the better raw
   * mailbox's in that round: the sides of one round run within seconds of each other, so on a machine
   * whose speed drifts (and with a workload that is bimodal, as one pair on two carriers is) this is
   * steadier than the ratio of the medians, as the storm commands print it too.
   */
  static String roundRatios(List<String> labels, double[][] rates) {
    int rounds = rates[0].length;
    StringBuilder line = new StringBuilder("median of the rounds' own");
    double[] bestRaw = new double[rounds];
    boolean anyRaw = false;
    for (int i = 1; i < labels.size(); i++) {
      double[] own = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        own[r] = rates[0][r] / rates[i][r];
      }
      line.append(String.format(Locale.ROOT, "   rusm/%s %.3f", labels.get(i), StormCommand.median(own)));
      if (labels.get(i).startsWith("raw-")) {
        anyRaw = true;
        for (int r = 0; r < rounds; r++) {
          bestRaw[r] = Math.max(bestRaw[r], rates[i][r]);
        }
      }
    }
    if (anyRaw) {
      double[] own = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        own[r] = rates[0][r] / bestRaw[r];
      }
      line.append(String.format(Locale.ROOT, "   rusm/best-raw %.3f", StormCommand.median(own)));
    }
    return line.toString();
  }

  private static String cell(String label, double perSecond) {
    return String.format(Locale.ROOT, "   %s %14s", label, Format.rate(perSecond));
  }

  private static String backlog(MessagingSide.Round r) {
    return r.backlog() < 0 ? "" : " (backlog " + Format.count(r.backlog()) + ")";
  }
}
