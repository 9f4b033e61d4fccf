package io.rusm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.storm.ResourceProfile;
import io.rusm.storm.StormBody;
import io.rusm.storm.StormSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class BenchMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String line) throws Exception {
    return BenchMain.run(List.of(line.split(" ")), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nonsense|unknown command 'nonsense'",
      "run|run needs a benchmark: spawn-storm, semaphore-storm, idle, mass-kill, ping-pong, ring, fan-in, link-star, link-chain, monitor-fan or spawn-link-storm",
      "run fast|unknown benchmark 'fast': expected spawn-storm, semaphore-storm, idle, mass-kill, ping-pong, ring, fan-in, link-star, link-chain, monitor-fan or spawn-link-storm",
      "run spawn-storm|run spawn-storm needs SECONDS",
      "run spawn-storm soon|SECONDS: expected a number from 0.001 to 86400, got 'soon'",
      "run spawn-storm 0|SECONDS: expected a number from 0.001 to 86400, got '0'",
      "run spawn-storm 5d|SECONDS: expected a number from 0.001 to 86400, got '5d'",
      "run ring 2f|SECONDS: expected a number from 0.001 to 86400, got '2f'",
      "run spawn-storm NaN|SECONDS: expected a number from 0.001 to 86400, got 'NaN'",
      "run spawn-storm 1 --fail 0.5d|--fail: expected a number from 0 to 1, got '0.5d'",
      "run spawn-storm 1 --raw --stripes 4|--raw runs no runtime: drop --stripes and --thread-names, or --raw",
      "run spawn-storm 1 --raw --thread-names|--raw runs no runtime: drop --stripes and --thread-names, or --raw",
      "run spawn-storm 5 6|unexpected argument '6' for run spawn-storm",
      "run spawn-storm 5 --raw --baseline|--raw runs the raw side alone: drop --baseline, or --raw to compare",
      "run spawn-storm 5 --live 0|--live: expected an integer of at least 1, got '0'",
      "run spawn-storm 5 --live many|--live: expected an integer of at least 1, got 'many'",
      "run spawn-storm 5 --live|--live needs a value",
      "run spawn-storm 5 --live 5 --live 6|--live is given twice",
      "run spawn-storm 5 --baseline --baseline|--baseline is given twice",
      "run spawn-storm 5 --profile huge|--profile: expected one of light, balanced, max, got 'huge'",
      "run spawn-storm 5 --spawners 0|--spawners: expected an integer of at least 1, got '0'",
      "run spawn-storm 5 --sleep-ms 20000|--sleep-ms: sleep must be between 0 and PT10S, was PT20S",
      "run spawn-storm 5 --spin-us 20000000|--spin-us: spin must be between 0 and PT10S, was PT20S",
      "run spawn-storm 5 --fail 1.5|--fail: expected a number from 0 to 1, got '1.5'",
      "run spawn-storm 5 --kill -1|--kill: expected a number from 0 to 1, got '-1'",
      "run spawn-storm 5 --rounds 3|--rounds counts --baseline rounds: add --baseline",
      "run spawn-storm 5 --forks 3|--forks counts --baseline JVMs: add --baseline",
      "run spawn-storm 5 --baseline --forks 0|--forks: expected an integer of at least 1, got '0'",
      "run spawn-storm 5 --stripes 3|--stripes: stripes must be a power of two between 1 and 65536, was 3",
      "run spawn-storm 5 --turbo|unknown option --turbo for run spawn-storm",
      "run idle|run idle needs N",
      "run idle lots|N: expected an integer of at least 1, got 'lots'",
      "run idle 10 --live 5|unknown option --live for run idle",
      "headless now|unexpected argument 'now' for headless",
      "run ping-pong|run ping-pong needs SECONDS",
      "run ping-pong 0|SECONDS: expected a number from 0.001 to 86400, got '0'",
      "run ping-pong 1 --pairs 0|--pairs: expected an integer of at least 1, got '0'",
      "run ping-pong 1 --pairs|--pairs needs a value",
      "run ping-pong 1 --size 10|unknown option --size for run ping-pong",
      "run ping-pong 1 --window 8|unknown option --window for run ping-pong",
      "run ring 1 --size many|--size: expected an integer of at least 1, got 'many'",
      "run ring 1 --pairs 2|unknown option --pairs for run ring",
      "run ring 1 --rounds 3|--rounds counts comparison rounds: add --baseline or --peers",
      "run ring 1 --baseline --rounds 0|--rounds: expected an integer of at least 1, got '0'",
      "run fan-in 1 --senders 0|--senders: expected an integer of at least 1, got '0'",
      "run fan-in 1 --window 1|--window: expected an integer of at least 2, got '1'",
      "run fan-in 1 --peers erlang|--peers: expected pekko, beam or pekko,beam, got 'erlang'",
      "run fan-in 1 --peers beam,beam|--peers: expected pekko, beam or pekko,beam, got 'beam,beam'",
      "run fan-in 1 --peers pekko,|--peers: expected pekko, beam or pekko,beam, got 'pekko,'",
      "run fan-in 1 2|unexpected argument '2' for run fan-in",
      "run semaphore-storm|run semaphore-storm needs SECONDS",
      "run semaphore-storm never|SECONDS: expected a number from 0.001 to 86400, got 'never'",
      "run semaphore-storm 1 --permits 0|--permits: expected an integer of at least 1, got '0'",
      "run semaphore-storm 1 --permits|--permits needs a value",
      "run semaphore-storm 1 --spawners none|--spawners: expected an integer of at least 1, got 'none'",
      "run semaphore-storm 1 --raw --baseline|--raw runs the raw side alone: drop --baseline, or --raw to compare",
      "run semaphore-storm 1 --raw --stripes 4|--raw runs no runtime: drop --stripes and --thread-names, or --raw",
      "run semaphore-storm 1 --raw --rounds 0|--rounds: expected an integer of at least 1, got '0'",
      "run semaphore-storm 1 --forks 2|--forks counts --baseline JVMs: add --baseline",
      "run semaphore-storm 1 --baseline --rounds 0|--rounds: expected an integer of at least 1, got '0'",
      "run semaphore-storm 1 --stripes 6|--stripes: stripes must be a power of two between 1 and 65536, was 6",
      "run semaphore-storm 1 --live 5|unknown option --live for run semaphore-storm",
      "run mass-kill|run mass-kill needs N",
      "run mass-kill 0|N: expected an integer of at least 1, got '0'",
      "run mass-kill 10 --rounds -1|--rounds: expected an integer of at least 1, got '-1'",
      "run mass-kill 10 --stripes 5|--stripes: stripes must be a power of two between 1 and 65536, was 5",
      "run mass-kill 10 --cold|unknown option --cold for run mass-kill",
      "mass-kill-child|mass-kill-child needs rusm or raw",
      "mass-kill-child both 10|mass-kill-child needs rusm or raw",
      "mass-kill-child rusm|mass-kill-child needs N",
  })
  void badCommandLinesNameTheArgumentPrintUsageAndExitWithTwo(String line, String message) throws Exception {
    assertThat(run(line)).isEqualTo(2);
    assertThat(err()).startsWith("error: " + message + System.lineSeparator()).contains(BenchMain.USAGE);
    assertThat(out()).isEmpty();
  }

  @Test
  void noCommandIsAnError() throws Exception {
    assertThat(BenchMain.run(List.of(), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    assertThat(err()).startsWith("error: no command given");
  }

  @Test
  void helpPrintsTheUsage() throws Exception {
    assertThat(run("help")).isZero();
    assertThat(out()).contains(BenchMain.USAGE);
  }

  @Test
  void optionsMakeTheStormSettings() throws UsageException {
    StormCommand c = StormCommand.parse(List.of("2.5", "--live", "1_000", "--profile", "max", "--spawners", "3",
        "--sleep-ms", "7", "--spin-us", "40", "--fail", "0.25", "--kill", "0.5", "--tick-ms", "100",
        "--baseline", "--rounds", "3", "--forks", "2", "--stripes", "16", "--thread-names"));
    assertThat(c.settings()).isEqualTo(new StormSettings(Duration.ofMillis(2500), 1000, ResourceProfile.MAX, 3,
        new StormBody(Duration.ofMillis(7), Duration.ofNanos(40_000), 0.25, 0.5), Duration.ofMillis(100)));
    assertThat(c.baseline()).isTrue();
    assertThat(c.rounds()).isEqualTo(3);
    assertThat(c.forks()).isEqualTo(2);
    assertThat(c.forkArgs()).containsExactly("run", "spawn-storm", "2.5", "--live", "1_000", "--profile", "max",
        "--spawners", "3", "--sleep-ms", "7", "--spin-us", "40", "--fail", "0.25", "--kill", "0.5", "--tick-ms",
        "100", "--baseline", "--rounds", "3", "--stripes", "16", "--thread-names");
  }

  @Test
  void theDefaultsAreTheStormDefaults() throws UsageException {
    StormCommand c = StormCommand.parse(List.of("5"));
    assertThat(c.settings()).isEqualTo(StormSettings.defaults().withDuration(Duration.ofSeconds(5)));
    assertThat(c.baseline()).isFalse();
    assertThat(c.rounds()).isEqualTo(StormCommand.DEFAULT_ROUNDS);
    assertThat(c.forks()).isEqualTo(1);
    assertThat(StormCommand.headless().settings())
        .isEqualTo(StormSettings.defaults().withDuration(Duration.ofSeconds(3)));
  }

  @Test
  void idleTakesACountAndABaselineFlag() throws UsageException {
    IdleCommand c = IdleCommand.parse(List.of("1000000", "--baseline"));
    assertThat(c.count()).isEqualTo(1_000_000);
    assertThat(c.baseline()).isTrue();
    assertThat(IdleCommand.parse(List.of("10")).baseline()).isFalse();
    assertThat(IdleCommand.parse(List.of("10")).receive()).isFalse();
    assertThat(IdleCommand.parse(List.of("10", "--receive")).receive()).isTrue();
  }

  @Test
  void idleInReceiveMeasuresWhatAnEmptyMailboxAdds() throws Exception {
    assertThat(run("run idle 2000 --receive")).isZero();
    assertThat(out()).contains("rusm in receive() ", "in receive() - parked: ", "bytes per process");
  }

  @Test
  void aShortStormPrintsTicksAndABalancedReport() throws Exception {
    assertThat(run("run spawn-storm 0.3 --spawners 1 --tick-ms 50 --fail 0.1")).isZero();
    assertThat(out()).contains("spawned", "live", "latency p50/p95/p99", "report", "mean rate",
        "balanced         yes", "per CPU-s");
    assertThat(err()).isEmpty();
  }

  @Test
  void theRawStormRunsAloneWithNoRuntime() throws Exception {
    assertThat(run("run spawn-storm 0.2 --spawners 1 --raw")).isZero();
    assertThat(out()).contains("raw spawn storm, no runtime in this JVM", "1 spawner(s)", "spawned in",
        "per CPU-s").doesNotContain("rusm");
    assertThat(err()).isEmpty();
  }

  @Test
  void aBaselineStormComparesMedians() throws Exception {
    assertThat(run("run spawn-storm 0.1 --spawners 1 --baseline --rounds 2 --kill 0.1")).isZero();
    assertThat(out()).contains("warm-up", "round 1/2", "round 2/2", "median", "rusm/raw",
        "every rusm round balanced: yes");
  }

  @Test
  void aForkedStormPoolsTheRoundsOfEveryFork() throws Exception {
    assertThat(run("run spawn-storm 0.1 --spawners 1 --baseline --rounds 2 --forks 2")).isZero();
    assertThat(out()).contains("spawn storm, 2 forks, each a fresh JVM",
        "run spawn-storm 0.1 --spawners 1 --baseline --rounds 2", "fork 1/2  round 2/2", "fork 2/2  round 2/2",
        "over all 2 forks' 4 rounds", "every rusm round balanced in every fork: yes");
    // The pooled medians lie within the four rounds' rates, on each side and per CPU-second.
    for (String rate : List.of("rusm +([\\d,]+)/s", "rusm +[\\d,]+/s +raw +([\\d,]+)/s",
        "per CPU-s: rusm +([\\d,]+)/s", "per CPU-s: rusm +[\\d,]+/s +raw +([\\d,]+)/s")) {
      List<Long> rounds = Pattern.compile("fork \\d/2  round \\d/2 .*?" + rate).matcher(out()).results()
          .map(r -> Long.parseLong(r.group(1).replace(",", ""))).toList();
      assertThat(rounds).as(rate).hasSize(4);
      Matcher pooled = Pattern.compile("over all 2 forks' 4 rounds\\R+median .*?" + rate).matcher(out());
      assertThat(pooled.find()).as(rate).isTrue();
      assertThat(Long.parseLong(pooled.group(1).replace(",", ""))).as(rate).isBetween(
          rounds.stream().min(Long::compare).orElseThrow(), rounds.stream().max(Long::compare).orElseThrow());
    }
    assertThat(out()).containsPattern("over all 2 forks' 4 rounds\\R+median .*\\R+median of the rounds' own"
        + " rusm/raw: \\d\\.\\d{3}, per CPU-s \\d\\.\\d{3}");
  }

  @Test
  void idleMeasuresHeapPerProcessForRusmAndRaw() throws Exception {
    assertThat(run("run idle 2000 --baseline")).isZero();
    assertThat(out()).contains("2,000 parked processes", "rusm ", "raw ", "bytes per live process",
        "killed all and saw them exit", "rusm/raw heap per process");
  }

  @Test
  void semaphoreStormOptions() throws UsageException {
    SemaphoreStormCommand c = SemaphoreStormCommand.parse(List.of("1.5", "--permits", "2_000", "--spawners", "2",
        "--baseline", "--rounds", "7", "--stripes", "8", "--thread-names"));
    assertThat(c.duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.permits()).isEqualTo(2000);
    assertThat(c.spawners()).isEqualTo(2);
    assertThat(c.baseline()).isTrue();
    assertThat(c.rounds()).isEqualTo(7);
    assertThat(c.forks()).isEqualTo(1);
    SemaphoreStormCommand forked = SemaphoreStormCommand.parse(List.of("1", "--forks", "3", "--baseline"));
    assertThat(forked.forks()).isEqualTo(3);
    assertThat(forked.forkArgs()).containsExactly("run", "semaphore-storm", "1", "--baseline");
    SemaphoreStormCommand defaults = SemaphoreStormCommand.parse(List.of("3"));
    assertThat(defaults.permits()).isEqualTo(SemaphoreStormCommand.DEFAULT_PERMITS);
    assertThat(defaults.spawners()).as("0: every count from 1 to all cores").isZero();
    assertThat(defaults.baseline()).isFalse();
    assertThat(defaults.rawAlone()).isFalse();
    assertThat(defaults.rounds()).as("one round alone").isZero();
    assertThat(SemaphoreStormCommand.parse(List.of("3", "--baseline")).rounds())
        .isEqualTo(StormCommand.DEFAULT_ROUNDS);
    SemaphoreStormCommand raw = SemaphoreStormCommand.parse(List.of("3", "--raw", "--rounds", "4"));
    assertThat(raw.rawAlone()).isTrue();
    assertThat(raw.baseline()).isFalse();
    assertThat(raw.rounds()).isEqualTo(4);
  }

  @Test
  void aSemaphoreStormRunsAtEachSpawnerCountAndComparesMedians() throws Exception {
    assertThat(run("run semaphore-storm 0.1 --permits 100 --baseline --rounds 1")).isZero();
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(out()).contains("semaphore storm: 100 permits", "1sp warm-up", "1sp round 1/1", "1sp median",
        cores + "sp median", "rusm/raw");
    assertThat(err()).isEmpty();
  }

  @Test
  void aForkedSemaphoreStormPoolsEachSpawnerCountApart() throws Exception {
    assertThat(run("run semaphore-storm 0.1 --permits 100 --baseline --rounds 1 --forks 2")).isZero();
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(out()).contains("fork 1/2  1sp round 1/1", "fork 2/2  " + cores + "sp round 1/1",
        "over all 2 forks' 2 rounds" + (cores > 1 ? " at each spawner count" : ""), "every fork ran to its end: yes");
    String pooled = out().substring(out().indexOf("over all 2 forks'"));
    for (int k = 1; k <= cores; k++) {
      assertThat(pooled).containsPattern(k + "sp median +rusm +[\\d,]+/s +raw +[\\d,]+/s")
          .containsPattern(k + "sp median of the rounds' own rusm/raw: \\d+\\.\\d{3}");
    }
  }

  @Test
  void aStormRoundLinesRatesAreReadBackWithTheirPerCpuRates() {
    assertThat(Forks.rates("1sp round 3/5 rusm    1,120,037/s   raw    1,964,298/s   rusm/raw 0.570   per CPU-s:"
        + " rusm      568,794/s   raw      997,404/s   rusm/raw 0.570"))
        .containsExactly(Map.entry("rusm", 1_120_037.0), Map.entry("raw", 1_964_298.0),
            Map.entry("rusm per CPU-s", 568_794.0), Map.entry("raw per CPU-s", 997_404.0));
  }

  @Test
  void aSemaphoreStormWithoutBaselineRunsRusmOnly() throws Exception {
    assertThat(run("run semaphore-storm 0.1 --spawners 1")).isZero();
    assertThat(out()).contains("1 spawner(s)  rusm").doesNotContain("raw");
  }

  @Test
  void eitherSideAloneRunsAWarmUpAndItsRoundsWithTheirRatesPerCpuSecond() throws Exception {
    assertThat(run("run semaphore-storm 0.1 --permits 100 --spawners 1 --raw --rounds 2")).isZero();
    assertThat(out()).contains("raw semaphore storm, no runtime in this JVM: 100 permits",
        "2 round(s) after a warm-up of 0.10s at each spawner count").doesNotContain("rusm");
    List<String> lines = Pattern.compile("^1sp (warm-up|round 1/2|round 2/2|median) +raw +[\\d,]+/s +per CPU-s: raw"
        + " +[\\d,]+/s$", Pattern.MULTILINE).matcher(out()).results().map(r -> r.group(1)).toList();
    assertThat(lines).containsExactly("warm-up", "round 1/2", "round 2/2", "median");
    out.reset();
    assertThat(run("run semaphore-storm 0.1 --permits 100 --spawners 1 --rounds 1")).isZero();
    assertThat(out()).containsPattern("(?m)^1sp round 1/1 +rusm +[\\d,]+/s +per CPU-s: rusm +[\\d,]+/s$")
        .contains("1sp median").doesNotContain("raw ");
  }

  @Test
  void massKillOptions() throws UsageException {
    MassKillCommand c = MassKillCommand.parse(List.of("1_000", "--baseline", "--rounds", "2", "--stripes", "16",
        "--thread-names", "--receive"));
    assertThat(c.count()).isEqualTo(1000);
    assertThat(c.baseline()).isTrue();
    assertThat(c.rounds()).isEqualTo(2);
    assertThat(c.runtimeOptions()).containsExactly("--stripes", "16", "--thread-names", "--receive");
    MassKillCommand defaults = MassKillCommand.parse(List.of("10"));
    assertThat(defaults.baseline()).isFalse();
    assertThat(defaults.rounds()).isEqualTo(MassKillCommand.DEFAULT_ROUNDS);
    assertThat(defaults.runtimeOptions()).isEmpty();
  }

  @Test
  void massKillRunsEachSideInAFreshJvm() throws Exception {
    assertThat(run("run mass-kill 1000 --baseline --rounds 1 --stripes 4")).isZero();
    assertThat(out()).contains("mass kill, cold: 1 round(s)", "round 1  rusm spawned 1,000",
        "round 1  raw  spawned 1,000", "median  rusm killed all", "median  raw  killed all", "rusm/raw");
  }

  @Test
  void massKillOfProcessesWaitingInReceive() throws Exception {
    assertThat(run("run mass-kill 1000 --baseline --rounds 1 --receive")).isZero();
    assertThat(out()).contains("1,000 waiting in receive()", "round 1  rusm spawned 1,000",
        "round 1  raw  spawned 1,000", "rusm/raw");
  }

  @Test
  void theMassKillChildPrintsItsResult() throws Exception {
    assertThat(run("mass-kill-child rusm 100 --stripes 2")).isZero();
    assertThat(out()).startsWith("mass-kill-result rusm ");
  }

  @Test
  void mediansOfOddAndEvenCounts() {
    assertThat(StormCommand.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(StormCommand.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
  }
}
