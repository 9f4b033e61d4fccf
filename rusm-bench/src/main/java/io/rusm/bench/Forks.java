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
 * Runs a messaging comparison again in a fresh JVM (the same {@code java}, JVM options and class path as
 * this one), echoing what it prints and collecting the rates of its measured rounds, as JMH's forks do:
 * how fast a JVM runs a workload for its whole life is partly settled as it starts (which code its first
 * rounds leave compiled, where its heap puts things), so one JVM's rounds, however many, are one draw of
 * that, and only several JVMs show the spread between them.
 */
final class Forks {

  private static final Pattern ROUND = Pattern.compile("^round \\d+/\\d+ ");
  // A side's rate in a round line, as Format.rate prints it; a backlog's count has no "/s".
  private static final Pattern RATE = Pattern.compile("(\\S+) +([\\d,]+)/s");
  private static final String BALANCED = "every rusm round balanced: ";

  private Forks() {}

  /** One fork's measured rounds, each side's rate by its label, and whether its rusm rounds balanced. */
  record Fork(List<Map<String, Double>> rounds, boolean balanced) {}

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
    List<Map<String, Double>> rounds = new ArrayList<>();
    boolean balanced = false;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        out.println(prefix + line);
        if (ROUND.matcher(line).find()) {
          rounds.add(rates(line));
        } else if (line.startsWith(BALANCED)) {
          balanced = line.startsWith(BALANCED + "yes");
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

  /** Each side's rate in a round line, by label, in the order printed. */
  static Map<String, Double> rates(String roundLine) {
    Map<String, Double> rates = new LinkedHashMap<>();
    Matcher m = RATE.matcher(roundLine);
    while (m.find()) {
      rates.put(m.group(1), Double.parseDouble(m.group(2).replace(",", "")));
    }
    return rates;
  }
}
