package io.rusm.sample.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRuntime;
import io.rusm.sample.EventStream;
import io.rusm.sample.Http;
import io.rusm.sample.RunningAppTests;
import io.rusm.sample.Storms;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The cascade-storm REST API over real HTTP: start, ticks, the report's sums, stop, conflicts, bad input. */
class CascadeStormApiTests extends RunningAppTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Runs until stopped: small trees, so that a stop ends it at once. */
  private static final String LONG_STORM = "{\"durationSeconds\":120,\"size\":10,\"fanOut\":3}";

  @Autowired
  ProcessRuntime runtime;

  @Autowired
  CascadeStormLimits limits;

  @Test
  void runsTicksAndReportsThatEveryProcessOfEveryTreeExited() throws InterruptedException {
    long baseline = runtime.live();
    try (EventStream events = EventStream.open(http)) {
      Http.Answer started = http.post("/api/cascade-storms", "{\"durationSeconds\":1,\"size\":15,\"fanOut\":2}");
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      assertThat(started.contentType()).startsWith("application/json");
      JsonNode storm = started.json();
      long id = storm.get("id").asLong();
      assertThat(storm.get("state").asString()).isEqualTo("running");
      JsonNode settings = storm.get("settings");
      assertThat(settings.get("durationSeconds").asLong()).isEqualTo(1);
      assertThat(settings.get("size").asInt()).isEqualTo(15);
      assertThat(settings.get("fanOut").asInt()).isEqualTo(2);
      assertThat(settings.get("depth").asInt()).isEqualTo(4);
      assertThat(storm.get("report").isNull()).isTrue();
      assertThat(http.get("/api/cascade-storms/current").json().get("id").asLong()).isEqualTo(id);

      JsonNode tick = events.await("cascade-tick",
          t -> t.get("stormId").asLong() == id && t.get("cascades").asLong() > 0 && t.get("medianMicros").isNumber(),
          WAIT).data();
      assertThat(tick.get("cascadesPerSecond").asDouble()).isPositive();
      assertThat(tick.get("latestMicros").asDouble()).isPositive();
      assertThat(tick.get("maxMicros").asDouble()).isGreaterThanOrEqualTo(tick.get("medianMicros").asDouble());
      assertThat(tick.get("elapsedMillis").asLong()).isPositive();

      JsonNode report = Storms.awaitCascadeReport(events, id);
      long trees = report.get("trees").asLong();
      long cascades = report.get("cascades").asLong();
      long processes = report.get("processes").asLong();
      assertThat(cascades).isEqualTo(trees).isGreaterThanOrEqualTo(tick.get("cascades").asLong());
      assertThat(processes).isEqualTo(trees * 15);
      assertThat(report.get("exits").asLong()).isEqualTo(processes);
      assertThat(report.get("linkedExits").asLong()).isEqualTo(processes - cascades);
      assertThat(report.get("balanced").asBoolean()).isTrue();
      assertThat(report.get("depth").asInt()).isEqualTo(4);
      assertThat(report.get("meanCascadesPerSecond").asDouble()).isPositive();
      assertThat(report.get("peakCascadesPerSecond").asDouble()).isPositive();
      assertThat(report.get("maxMicros").asDouble()).isGreaterThanOrEqualTo(report.get("meanMicros").asDouble());
      assertThat(report.get("elapsedMillis").asLong()).isGreaterThanOrEqualTo(1000);

      JsonNode finished = http.get("/api/cascade-storms/current").json();
      assertThat(finished.get("state").asString()).isEqualTo("finished");
      assertThat(finished.get("report")).isEqualTo(report);
      assertThat(finished.get("latestTick").get("cascades").asLong()).isEqualTo(cascades);
      assertThat(finished.get("latestTick").get("exits").asLong()).isEqualTo(processes);
      // Each tree's last exit completes after that process has left the live count.
      assertThat(http.get("/api/observer").json().get("live").asLong()).isEqualTo(baseline);
    }
  }

  @Test
  void stopsWithTheTreeInFlightDownAndTheLiveCountBackToTheBaseline() throws InterruptedException {
    long baseline = runtime.live();
    try (EventStream events = EventStream.open(http)) {
      long id = Storms.startCascades(http, LONG_STORM).get("id").asLong();
      events.await("cascade-tick", t -> t.get("stormId").asLong() == id && t.get("cascades").asLong() >= 3, WAIT);

      Http.Answer stopped = http.delete("/api/cascade-storms/current");
      assertThat(stopped.status()).isIn(200, 202);
      assertThat(stopped.json().get("id").asLong()).isEqualTo(id);
      assertThat(stopped.json().get("state").asString()).isIn("stopping", "finished");

      JsonNode report = Storms.awaitCascadeReport(events, id);
      assertThat(report.get("cascades").asLong()).isEqualTo(report.get("trees").asLong()).isGreaterThanOrEqualTo(3);
      assertThat(report.get("exits").asLong()).isEqualTo(report.get("trees").asLong() * 10);
      assertThat(report.get("balanced").asBoolean()).isTrue();
      assertThat(report.get("elapsedMillis").asLong()).as("stopped long before its 120 s").isLessThan(60_000);
      assertThat(http.get("/api/observer").json().get("live").asLong()).isEqualTo(baseline);
    }

    Http.Answer again = http.post("/api/cascade-storms/current/stop", null);
    assertThat(again.status()).as("stopping an ended storm changes nothing").isEqualTo(200);
    assertThat(again.json().get("state").asString()).isEqualTo("finished");
  }

  @Test
  void startsWithTheDefaultsWhenTheBodyIsAbsent() throws InterruptedException {
    Http.Answer answer = http.post("/api/cascade-storms", null);

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().get("settings").get("size").asInt()).isEqualTo(CascadeStormRequest.DEFAULT_SIZE);
    assertThat(answer.json().get("settings").get("fanOut").asInt()).isEqualTo(CascadeStormRequest.DEFAULT_FAN_OUT);
    assertThat(answer.json().get("settings").get("durationSeconds").asLong())
        .isEqualTo(limits.defaultDuration().toSeconds());
    Storms.stopCascadeStormAndAwaitEnd(http);
  }

  @Test
  void oneStormOfAnyKindAtATime() throws InterruptedException {
    long id = Storms.startCascades(http, LONG_STORM).get("id").asLong();

    Http.Answer again = http.post("/api/cascade-storms", "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(again.json().get("detail").asString())
        .contains("cascade storm " + id + " is running", "DELETE /api/cascade-storms/current");
    assertThat(again.json().get("runningKind").asString()).isEqualTo("cascade storm");
    assertThat(again.json().get("runningStormId").asLong()).isEqualTo(id);
    for (String other : List.of("/api/storms", "/api/message-storms")) {
      Http.Answer refused = http.post(other, "{}");
      assertThat(refused.status()).as(other).isEqualTo(409);
      assertThat(refused.json().get("runningKind").asString()).isEqualTo("cascade storm");
    }
    Storms.stopCascadeStormAndAwaitEnd(http);

    Storms.start(http, "{\"durationSeconds\":120,\"liveCap\":100,\"spawners\":1}");
    Http.Answer whileSpawning = http.post("/api/cascade-storms", "{}");
    assertThat(whileSpawning.status()).isEqualTo(409);
    assertThat(whileSpawning.json().get("runningKind").asString()).isEqualTo("storm");
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("{\"size\":1}", "size", "must be between 2 and 100000 (limit: sample.cascade.max-size), was 1"),
        Arguments.of("{\"size\":100001}", "size", "must be between 2 and 100000 (limit: sample.cascade.max-size)"),
        Arguments.of("{\"fanOut\":3000000000}", "fanOut", "must be a whole number in range"),
        Arguments.of("{\"fanOut\":0}", "fanOut", "must be between 1 and 1000 (limit: sample.cascade.max-fan-out), was 0"),
        Arguments.of("{\"fanOut\":1001}", "fanOut", "(limit: sample.cascade.max-fan-out), was 1001"),
        Arguments.of("{\"durationSeconds\":0}", "durationSeconds", "must be between 1 and 300"),
        Arguments.of("{\"durationSeconds\":301}", "durationSeconds", "(limit: sample.cascade.max-duration)"),
        Arguments.of("{\"size\":\"many\"}", "size", "must be a whole number"),
        Arguments.of("{\"fanOut\":2.5}", "fanOut", "must be a whole number"),
        Arguments.of("{\"depth\":3}", "depth", "is not a known field"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsA400NamingTheField(String body, String field, String rule) {
    Http.Answer answer = http.post("/api/cascade-storms", body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("title").asString()).isEqualTo("Invalid input");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/cascade-storms");
    assertThat(problem.get("errors").size()).isEqualTo(1);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
    assertThat(problem.get("errors").get(0).get("rule").asString()).contains(rule);
    assertThat(problem.get("detail").asString()).startsWith(field + " ");
  }

  @Test
  void everyBadFieldIsListed() {
    Http.Answer answer = http.post("/api/cascade-storms", "{\"durationSeconds\":0,\"size\":0,\"fanOut\":0}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("errors").valueStream().map(e -> e.get("field").asString()))
        .containsExactlyInAnyOrder("durationSeconds", "size", "fanOut");
  }
}
