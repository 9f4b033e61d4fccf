package io.rusm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class LinkCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String line) throws Exception {
    return BenchMain.run(List.of(line.split(" ")), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theDefaultsAreThoseOfTheIssue() throws UsageException {
    LinkCommand star = LinkCommand.parse(LinkCommand.Kind.STAR, List.of());
    assertThat(star.n()).isEqualTo(1_000_000);
    assertThat(star.rounds()).isEqualTo(3);
    assertThat(star.beam()).isFalse();
    assertThat(star.baseline()).isFalse();
    assertThat(LinkCommand.parse(LinkCommand.Kind.CHAIN, List.of("--baseline")).baseline()).isTrue();
    LinkCommand storm = LinkCommand.parse(LinkCommand.Kind.STORM, List.of("2_000", "--rounds", "5", "--peers",
        "beam"));
    assertThat(storm.n()).isEqualTo(2_000);
    assertThat(storm.rounds()).isEqualTo(5);
    assertThat(storm.beam()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"link-star", "monitor-fan"})
  void aKilledHubOrTargetReachesEveryProcessAndTheMemoryIsPrinted(String workload) throws Exception {
    assertThat(run("run " + workload + " 1000 --rounds 1")).isZero();
    assertThat(out()).contains(workload + ": ", "1,000", "warm-up", "round 1/1", "last exit after", "median",
        "every rusm round's exits added up: yes").containsPattern("memory .* B per (link end|monitor)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"link-star", "link-chain", "monitor-fan", "spawn-link-storm"})
  void theBaselineRunsEachWorkloadOnRawVirtualThreadsInTurnWithRusm(String workload) throws Exception {
    assertThat(run("run " + workload + " 2000 --rounds 2 --baseline")).isZero();
    assertThat(out()).contains("warm-up round of 2,000", "raw first in even rounds", "every rusm round's exits"
        + " added up: yes").containsPattern("round 1/2 .* rusm .* raw ").containsPattern("round 2/2 .* rusm .* raw ")
        .containsPattern("median .* rusm/raw \\d+\\.\\d{3}").doesNotContain("did not add up", "rusm/beam");
  }

  @Test
  void aRawRoundLeavesNothingBehindInItsTable() throws Exception {
    for (LinkCommand.Kind kind : LinkCommand.Kind.values()) {
      RawLinks links = new RawLinks();
      LinkCommand.Round r = links.run(kind, 500);
      assertThat(links.isEmpty()).as(kind.command).isTrue();
      assertThat(r.nanos()).as(kind.command).isPositive();
    }
  }

  @Test
  void aChainIsKilledFromItsHead() throws Exception {
    assertThat(run("run link-chain 1000 --rounds 2")).isZero();
    assertThat(out()).contains("1,000 deep", "round 2/2", "last exit after", "every rusm round's exits added up: yes")
        .doesNotContain("memory");
  }

  @Test
  void aStormCountsEveryExitSignal() throws Exception {
    assertThat(run("run spawn-link-storm 3000 --rounds 1")).isZero();
    assertThat(out()).contains("3,000 children", "all done in", "every rusm round's exits added up: yes")
        .doesNotContain("setup");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run link-star 0|N: expected an integer of at least 1, got '0'",
      "run link-chain many|N: expected an integer of at least 1, got 'many'",
      "run monitor-fan 10 20|unexpected argument '20' for run monitor-fan",
      "run spawn-link-storm 10 --rounds 0|--rounds: expected an integer of at least 1, got '0'",
      "run link-star 10 --peers pekko|--peers: expected beam, got 'pekko'",
      "run link-chain 10 --peers|--peers needs a value",
      "run monitor-fan 10 --stripes 3|--stripes: stripes must be a power of two between 1 and 65536, was 3",
      "run spawn-link-storm --raw|unknown option --raw for run spawn-link-storm",
  })
  void badOptionsAreNamed(String line, String message) throws Exception {
    assertThat(run(line)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: " + message);
    assertThat(out()).isEmpty();
  }

  @Test
  void withoutErlangTheBeamPeerNamesThePackageToInstall() throws Exception {
    LinkCommand c = LinkCommand.parse(LinkCommand.Kind.STAR, List.of("10", "--peers", "beam"))
        .withErl("/nonexistent/erl");
    assertThatThrownBy(() -> c.run(new PrintStream(out, true, StandardCharsets.UTF_8)))
        .isInstanceOf(PeerUnavailableException.class).hasMessageContaining("erlang-nox");
    assertThat(out()).doesNotContain("warm-up");
  }

  @Test
  void theBeamPeersLineIsParsed() {
    assertThat(LinkCommand.parseBeam("noise\nlinkbench setup=1500 nanos=2000000\n"))
        .isEqualTo(new LinkCommand.Round(1_500, 2_000_000));
    assertThat(LinkCommand.parseBeam("linkbench setup=0 nanos=7")).isEqualTo(new LinkCommand.Round(0, 7));
    assertThatThrownBy(() -> LinkCommand.parseBeam("{\"init terminating in do_boot\"}"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("init terminating");
  }
}
