package io.rusm.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a comparison (messaging or spawn storm) again in a fresh JVM (the same {@code java}, JVM options and
 * class path as this one), echoing what it prints and collecting the rates of its measured rounds, as JMH's
 * forks do: how fast a JVM runs a workload for its whole life is partly settled as it starts (which code
 * its first rounds leave compiled, where its heap puts things), so one JVM's rounds, however many, are one
 * draw of that, and only several JVMs show the spread between them.
 */
final class Forks {

  // A measured round's line, after the group its command prints first, if any ("1sp" for one spawner).
  private static final Pattern ROUND = Pattern.compile("^(?:(\\S+) )?round \\d+/\\d+ ");
  // A side's rate in a round line, as Format.rate prints it; a backlog's count has no "/s".
  private static final Pattern RATE = Pattern.compile("(\\S+) +([\\d,]+)/s");
  // What a storm's round line prints before its rates per second of CPU time.
  private static final String PER_CPU = "per CPU-s:";
  private static final String BALANCED = "every rusm round balanced: ";

  private Forks() {}

  /**
   * One fork's measured rounds, and whether it exited with 0 and printed no unbalanced rusm round (a
   * messaging comparison says so in a line; a storm's exit code says it).
   */
  record Fork(List<Round> rounds, boolean balanced) {}

  /**
   * One measured round: the group its line began with ({@code ""} if none; a storm at several spawner
   * counts prints {@code 1sp}, {@code 2sp}, ...), and each side's rate by its label.
   */
  record Round(String group, Map<String, Double> rates) {}

  /** Every fork's rounds pooled: each group's rates, [label][round], and whether every fork balanced. */
  record Pool(Map<String, double[][]> groups, boolean balanced) {}

  /**
   * Runs {@code forkArgs} in {@code forks} fresh JVMs, one after another, printing each one's lines after
   * {@code fork k/F}, and pools their rounds by group, keeping the rates of {@code labels} in that order.
   *
   * @throws IllegalStateException if a round has no rate for one of the labels, or a group has other than
   *     {@code forks * rounds} rounds
   */
  static Pool pool(List<String> forkArgs, int forks, int rounds, List<String> labels, PrintStream out)
      throws IOException, InterruptedException {
    Map<String, List<double[]>> groups = new LinkedHashMap<>();
    boolean balanced = true;
    for (int f = 0; f < forks; f++) {
      String prefix = String.format(Locale.ROOT, "fork %d/%d  ", f + 1, forks);
      Fork fork = run(forkArgs, prefix, out);
      balanced &= fork.balanced();
      for (Round round : fork.rounds()) {
        double[] r = new double[labels.size()];
        for (int i = 0; i < r.length; i++) {
          Double rate = round.rates().get(labels.get(i));
          if (rate == null) {
            throw new IllegalStateException(prefix.strip() + " printed a round with no " + labels.get(i)
                + " rate: " + round.rates());
          }
          r[i] = rate;
        }
        groups.computeIfAbsent(round.group(), g -> new ArrayList<>()).add(r);
      }
    }
    Map<String, double[][]> pooled = new LinkedHashMap<>();
    for (Map.Entry<String, List<double[]>> group : groups.entrySet()) {
      List<double[]> rs = group.getValue();
      if (rs.size() != forks * rounds) {
        throw new IllegalStateException("the forks printed " + rs.size() + " rounds"
            + (group.getKey().isEmpty() ? "" : " at " + group.getKey()) + ", not " + forks * rounds);
      }
      double[][] rates = new double[labels.size()][rs.size()];
      for (int n = 0; n < rs.size(); n++) {
        for (int i = 0; i < labels.size(); i++) {
          rates[i][n] = rs.get(n)[i];
        }
      }
      pooled.put(group.getKey(), rates);
    }
    return new Pool(pooled, balanced);
  }

  /** This command line without {@code --forks} and its value: what each fork runs. */
  static List<String> withoutForks(List<String> command, List<String> args) {
    List<String> forkArgs = new ArrayList<>(command);
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--forks")) {
        i++;
      } else {
        forkArgs.add(args.get(i));
      }
    }
    return forkArgs;
  }

  /**
   * Runs {@code BenchMain} with {@code args} in a fresh JVM, printing each of its lines after {@code
   * prefix}.
   *
   * @throws IllegalStateException if the JVM exits with a code other than 0 or 1 (1: a round did not
   *     balance), or prints no measured round
   */
  static Fork run(List<String> args, String prefix, PrintStream out) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<Round> rounds = new ArrayList<>();
    boolean balanced = true;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        out.println(prefix + line);
        Matcher round = ROUND.matcher(line);
        if (round.find()) {
          rounds.add(new Round(round.group(1) == null ? "" : round.group(1), rates(line)));
        } else if (line.startsWith(BALANCED)) {
          balanced &= line.startsWith(BALANCED + "yes");
        }
      }
    }
    int code = process.waitFor();
    if ((code != 0 && code != 1) || rounds.isEmpty()) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "the forked JVM (%s) exited with %d after %d measured round(s)", String.join(" ", args), code,
          rounds.size()));
    }
    return new Fork(rounds, balanced && code == 0);
  }

  /**
   * Each side's rate in a round line, by label, in the order printed; a storm's rates per second of CPU
   * time, printed after {@value #PER_CPU}, under their side's label followed by {@code " per CPU-s"}.
   */
  static Map<String, Double> rates(String roundLine) {
    Map<String, Double> rates = new LinkedHashMap<>();
    int perCpu = roundLine.indexOf(PER_CPU);
    Matcher m = RATE.matcher(roundLine);
    while (m.find()) {
      String label = perCpu >= 0 && m.start() > perCpu ? m.group(1) + " per CPU-s" : m.group(1);
      rates.put(label, Double.parseDouble(m.group(2).replace(",", "")));
    }
    return rates;
  }
}
