package io.rusm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

@Timeout(120)
class MessagingCommandTest {

  private static final Pattern RUSM_RATE = Pattern.compile("rusm +([\\d,]+)/s");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String line) throws Exception {
    return BenchMain.run(List.of(line.split(" ")), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Every rusm rate printed, in order. */
  private List<Long> rusmRates() {
    Matcher m = RUSM_RATE.matcher(out());
    return m.results().map(r -> Long.parseLong(r.group(1).replace(",", ""))).toList();
  }

  @Test
  void theDefaultsAreThoseOfTheIssue() throws UsageException {
    MessagingCommand pingPong = MessagingCommand.parse(Workload.Kind.PING_PONG, List.of("3"));
    assertThat(pingPong.workload()).isEqualTo(new Workload(Workload.Kind.PING_PONG, 1, Workload.DEFAULT_WINDOW));
    assertThat(pingPong.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(pingPong.baseline()).isFalse();
    assertThat(pingPong.peers()).isEmpty();
    assertThat(pingPong.rounds()).isEqualTo(MessagingCommand.DEFAULT_ROUNDS);
    assertThat(MessagingCommand.parse(Workload.Kind.RING, List.of("1")).workload().size()).isEqualTo(10_000);
    Workload fanIn = MessagingCommand.parse(Workload.Kind.FAN_IN, List.of("1")).workload();
    assertThat(fanIn.size()).isEqualTo(1_000);
    assertThat(fanIn.window()).isEqualTo(64);
    assertThat(fanIn.ackEvery()).isEqualTo(32);
  }

  @Test
  void optionsMakeTheComparison() throws UsageException {
    MessagingCommand c = MessagingCommand.parse(Workload.Kind.FAN_IN, List.of("0.5", "--senders", "1_000",
        "--window", "16", "--baseline", "--peers", "beam,pekko", "--rounds", "7", "--stripes", "8"));
    assertThat(c.workload()).isEqualTo(new Workload(Workload.Kind.FAN_IN, 1000, 16));
    assertThat(c.duration()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.baseline()).isTrue();
    assertThat(c.peers()).containsExactly("beam", "pekko");
    assertThat(c.rounds()).isEqualTo(7);
    assertThat(MessagingCommand.parse(Workload.Kind.RING, List.of("1", "--peers", "pekko", "--rounds", "2"))
        .rounds()).isEqualTo(2);
  }

  @Test
  void forksRunTheSameCommandLineWithoutTheForks() throws UsageException {
    MessagingCommand c = MessagingCommand.parse(Workload.Kind.RING, List.of("0.5", "--forks", "3", "--baseline",
        "--rounds", "2"));
    assertThat(c.forks()).isEqualTo(3);
    assertThat(c.forkArgs()).containsExactly("run", "ring", "0.5", "--baseline", "--rounds", "2");
    assertThat(MessagingCommand.parse(Workload.Kind.RING, List.of("1", "--baseline")).forks()).isEqualTo(1);
    assertThatThrownBy(() -> MessagingCommand.parse(Workload.Kind.RING, List.of("1", "--forks", "2")))
        .isInstanceOf(UsageException.class).hasMessageContaining("--forks counts comparison JVMs");
    assertThatThrownBy(() -> MessagingCommand.parse(Workload.Kind.RING, List.of("1", "--baseline", "--forks",
        "0"))).isInstanceOf(UsageException.class).hasMessageContaining("--forks");
  }

  @Test
  void aRoundLinesRatesAreReadBackByLabel() {
    assertThat(Forks.rates("round 2/5      raw-park      1,234,567/s (backlog 1,024)   rusm         12/s"
        + "   beam     3,000,000/s"))
        .containsExactly(Map.entry("raw-park", 1_234_567.0), Map.entry("rusm", 12.0),
            Map.entry("beam", 3_000_000.0));
  }

  @Test
  void forksPoolTheirRoundsIntoOneComparison() throws Exception {
    assertThat(run("run ping-pong 0.05 --baseline --rounds 2 --forks 2")).isZero();
    assertThat(out()).contains("2 forks, each a fresh JVM", "run ping-pong 0.05 --baseline --rounds 2",
        "fork 1/2  round 2/2", "fork 2/2  round 2/2", "over all 2 forks' 4 rounds",
        "every rusm round balanced in every fork: yes");
    // The pooled median of rusm's four rounds lies between the smallest and largest of them.
    List<Long> forkRounds = Pattern.compile("fork \\d/2  round \\d/2 .*?rusm +([\\d,]+)/s").matcher(out())
        .results().map(r -> Long.parseLong(r.group(1).replace(",", ""))).toList();
    assertThat(forkRounds).hasSize(4);
    Matcher pooled = Pattern.compile("over all 2 forks' 4 rounds\\R+median +rusm +([\\d,]+)/s").matcher(out());
    assertThat(pooled.find()).isTrue();
    long median = Long.parseLong(pooled.group(1).replace(",", ""));
    assertThat(median).isBetween(forkRounds.stream().min(Long::compare).orElseThrow(),
        forkRounds.stream().max(Long::compare).orElseThrow());
    assertThat(out()).containsPattern("over all 2 forks' 4 rounds\\R+median .*\\R+ratio .*rusm/best-raw"
        + " \\d\\.\\d{3}\\R+median of the rounds' own");
  }

  @Test
  void aPingPongRunPrintsItsRateAndBalancedCounters() throws Exception {
    assertThat(run("run ping-pong 0.1 --pairs 3")).isZero();
    assertThat(out()).contains("ping-pong, 3 pairs", "counters: sent ", ": balanced");
    assertThat(rusmRates()).singleElement().satisfies(rate -> assertThat(rate).isPositive());
  }

  @Test
  void aRingComparedWithTheRawMailboxes() throws Exception {
    assertThat(run("run ring 0.1 --size 50 --baseline --rounds 1")).isZero();
    assertThat(out()).contains("ring of 50 processes", "warm-up 1/2", "warm-up 2/2", "round 1/1", "raw-ltq",
        "raw-park", "median", "rusm/raw-ltq", "rusm/raw-park", "rusm/best-raw", "every rusm round balanced: yes");
    // Two warm-ups, a round and the median.
    assertThat(rusmRates()).hasSize(4).allSatisfy(rate -> assertThat(rate).isPositive());
  }

  @Test
  void aFanInReportsTheReceiversBacklogOnEverySide() throws Exception {
    assertThat(run("run fan-in 0.1 --senders 20 --window 8 --baseline --rounds 1")).isZero();
    assertThat(out()).contains("fan-in of 20 senders", "credit window 8 per sender, 4 granted",
        "every rusm round balanced: yes");
    // Three sides, two warm-ups and a round: nine backlogs, none above the 20 x 8 the credit allows.
    List<Long> backlogs = Pattern.compile("backlog ([\\d,]+)").matcher(out()).results()
        .map(r -> Long.parseLong(r.group(1).replace(",", ""))).toList();
    assertThat(backlogs).hasSize(9).allSatisfy(b -> assertThat(b).isBetween(0L, 160L));
  }

  @Test
  void pekkoRunsTheSameWorkloadInThisJvm() throws Exception {
    assertThat(run("run ping-pong 0.1 --pairs 2 --peers pekko --rounds 1")).isZero();
    assertThat(out()).containsPattern("round 1/1 +rusm +[\\d,]+/s +pekko +[\\d,]+/s")
        .contains("rusm/pekko", "every rusm round balanced: yes").doesNotContain("raw-");
  }

  @Test
  void withoutErlangTheBeamPeerNamesThePackageToInstall() throws Exception {
    MessagingCommand c = MessagingCommand.parse(Workload.Kind.RING, List.of("0.1", "--size", "5", "--peers",
        "beam")).withErl("/nonexistent/erl");
    assertThatThrownBy(() -> c.run(new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isInstanceOf(PeerUnavailableException.class).hasMessageContaining("erlang-nox");
    assertThat(out()).doesNotContain("warm-up");
  }

  @Test
  void theBeamPeersLineIsParsed() {
    Workload fanIn = new Workload(Workload.Kind.FAN_IN, 10, 64);
    MessagingSide.Round r = BeamPeer.parse("noise\nmsgbench messages=300 nanos=1000000000 backlog=12 rate=300.0\n",
        fanIn);
    assertThat(r).isEqualTo(new MessagingSide.Round(300, 1_000_000_000, 12, null));
    assertThat(r.perSecond()).isEqualTo(300);
    assertThat(BeamPeer.parse("msgbench messages=5 nanos=10 backlog=0 rate=1.0",
        new Workload(Workload.Kind.RING, 5, 64)).backlog()).isEqualTo(-1);
    assertThatThrownBy(() -> BeamPeer.parse("{\"init terminating in do_boot\"}", fanIn))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("init terminating");
  }

  @Test
  void ratiosCompareRusmWithEachSideAndTheBetterRawMailbox() {
    assertThat(MessagingCommand.ratios(List.of("rusm", "raw-ltq", "raw-park", "beam"), new double[] {4, 5, 2, 8}))
        .contains("rusm/raw-ltq 0.800", "rusm/raw-park 2.000", "rusm/beam 0.500", "rusm/best-raw 0.800");
    assertThat(MessagingCommand.ratios(List.of("rusm", "pekko"), new double[] {3, 2}))
        .contains("rusm/pekko 1.500").doesNotContain("best-raw");
  }

  @Test
  void theRoundsOwnRatiosComeFromEachRoundsRatesAndItsBetterRawMailbox() {
    // Three rounds of rusm, raw-ltq, raw-park, beam; round 2 ran slow for every side.
    double[][] rates = {{4, 1, 6}, {5, 1, 3}, {2, 2, 2}, {8, 0.5, 12}};
    // rusm/raw-ltq 0.8, 1, 2; rusm/raw-park 2, 0.5, 3; best raw 5, 2, 3, so 0.8, 0.5, 2; beam 0.5, 2, 0.5.
    assertThat(MessagingCommand.roundRatios(List.of("rusm", "raw-ltq", "raw-park", "beam"), rates))
        .startsWith("median of the rounds' own")
        .contains("rusm/raw-ltq 1.000", "rusm/raw-park 2.000", "rusm/beam 0.500", "rusm/best-raw 0.800");
    // 1.5 and 0.25: the median of two is their mean.
    assertThat(MessagingCommand.roundRatios(List.of("rusm", "pekko"), new double[][] {{3, 1}, {2, 4}}))
        .contains("rusm/pekko 0.875").doesNotContain("best-raw");
  }
}
