package io.rusm.sample.storm;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The storm REST API over real HTTP: start, read, stop, conflicts, and every kind of bad input. */
class StormApiTests extends RunningAppTests {

  /** A storm that runs until stopped, gently: one spawner, few live processes. */
  private static final String LONG_STORM = "{\"durationSeconds\":120,\"liveCap\":100,\"spawners\":1}";

  @Autowired
  StormLimits limits;

  @Test
  void startsReadsAndStopsAStorm() throws InterruptedException {
    Http.Answer started = http.post("/api/storms", "{\"durationSeconds\":120,\"liveCap\":500,\"profile\":\"LIGHT\","
        + "\"spawners\":1,\"sleepMs\":2,\"spinMicros\":3,\"failFraction\":0.25,\"killFraction\":0.5}");
    assertThat(started.status()).isEqualTo(201);
    assertThat(started.contentType()).startsWith("application/json");
    JsonNode storm = started.json();
    long id = storm.get("id").asLong();
    assertThat(storm.get("state").asString()).isEqualTo("running");
    JsonNode settings = storm.get("settings");
    assertThat(settings.get("durationSeconds").asLong()).isEqualTo(120);
    assertThat(settings.get("liveCap").asInt()).isEqualTo(500);
    assertThat(settings.get("profile").asString()).isEqualTo("light");
    assertThat(settings.get("spawners").asInt()).isEqualTo(1);
    assertThat(settings.get("sleepMs").asLong()).isEqualTo(2);
    assertThat(settings.get("spinMicros").asLong()).isEqualTo(3);
    assertThat(settings.get("failFraction").asDouble()).isEqualTo(0.25);
    assertThat(settings.get("killFraction").asDouble()).isEqualTo(0.5);
    assertThat(storm.get("spawners").asInt()).isEqualTo(1);
    assertThat(storm.get("report").isNull()).isTrue();

    JsonNode current = http.get("/api/storms/current").json();
    assertThat(current.get("id").asLong()).isEqualTo(id);
    assertThat(current.get("state").asString()).isEqualTo("running");

    try (EventStream events = EventStream.open(http)) {
      Http.Answer stopped = http.delete("/api/storms/current");
      assertThat(stopped.status()).isIn(200, 202);
      assertThat(stopped.json().get("id").asLong()).isEqualTo(id);
      assertThat(stopped.json().get("state").asString()).isIn("stopping", "finished");
      JsonNode report = events.awaitReport(id, Storms.END_TIMEOUT);
      assertThat(report.get("spawned").asLong()).isEqualTo(report.get("finishedNormal").asLong()
          + report.get("finishedKilled").asLong() + report.get("finishedFailed").asLong());
      assertThat(report.get("balanced").asBoolean()).isTrue();
    }

    JsonNode finished = http.get("/api/storms/current").json();
    assertThat(finished.get("id").asLong()).isEqualTo(id);
    assertThat(finished.get("state").asString()).isEqualTo("finished");
    assertThat(finished.get("report").get("stormId").asLong()).isEqualTo(id);
    assertThat(finished.get("report").get("spawned").asLong()).isPositive();

    Http.Answer stopAgain = http.delete("/api/storms/current");
    assertThat(stopAgain.status()).as("stopping an ended storm changes nothing").isEqualTo(200);
    assertThat(stopAgain.json().get("state").asString()).isEqualTo("finished");
  }

  @Test
  void stopsByPostForClientsWithoutDelete() throws InterruptedException {
    long id = Storms.start(http, LONG_STORM).get("id").asLong();
    try (EventStream events = EventStream.open(http)) {
      Http.Answer stopped = http.post("/api/storms/current/stop", null);
      assertThat(stopped.status()).isIn(200, 202);
      assertThat(stopped.json().get("id").asLong()).isEqualTo(id);
      events.awaitReport(id, Storms.END_TIMEOUT);
    }
  }

  @Test
  void startsWithTheDefaultsWhenTheBodyIsEmptyOrAbsent() throws InterruptedException {
    JsonNode storm = Storms.start(http, "{}");
    JsonNode settings = storm.get("settings");
    assertThat(settings.get("durationSeconds").asLong()).isEqualTo(limits.defaultDuration().toSeconds());
    assertThat(settings.get("liveCap").asInt()).isEqualTo(10_000);
    assertThat(settings.get("profile").asString()).isEqualTo("balanced");
    assertThat(settings.get("spawners").asInt()).isZero();
    assertThat(settings.get("sleepMs").asLong()).isZero();
    assertThat(settings.get("failFraction").asDouble()).isZero();
    Storms.stopAndAwaitEnd(http);

    Http.Answer noBody = http.post("/api/storms", null);
    assertThat(noBody.status()).isEqualTo(201);
    assertThat(noBody.json().get("settings").get("liveCap").asInt()).isEqualTo(10_000);
  }

  @Test
  void aSecondStormWhileOneRunsIsAConflict() {
    long id = Storms.start(http, LONG_STORM).get("id").asLong();

    Http.Answer second = http.post("/api/storms", "{}");

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.contentType()).startsWith("application/problem+json");
    JsonNode problem = second.json();
    assertThat(problem.get("status").asInt()).isEqualTo(409);
    assertThat(problem.get("title").asString()).isEqualTo("A storm is already running");
    assertThat(problem.get("detail").asString()).contains("storm " + id + " is running");
    assertThat(problem.get("runningStormId").asLong()).isEqualTo(id);
    assertThat(http.get("/api/storms/current").json().get("id").asLong()).as("the running storm is untouched")
        .isEqualTo(id);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("{\"durationSeconds\":0}", "durationSeconds", "must be between 1 and"),
        Arguments.of("{\"durationSeconds\":100000}", "durationSeconds", "sample.storm.max-duration"),
        Arguments.of("{\"durationSeconds\":\"ten\"}", "durationSeconds", "must be a whole number"),
        Arguments.of("{\"liveCap\":0}", "liveCap", "must be between 1 and"),
        Arguments.of("{\"liveCap\":100000000}", "liveCap", "sample.storm.max-live-cap"),
        Arguments.of("{\"liveCap\":2.5}", "liveCap", "must be a whole number"),
        Arguments.of("{\"liveCap\":3000000000}", "liveCap", "must be a whole number in range"),
        Arguments.of("{\"durationSeconds\":99999999999999999999}", "durationSeconds",
            "must be a whole number in range"),
        Arguments.of("{\"profile\":\"huge\"}", "profile", "must be one of light, balanced, max"),
        Arguments.of("{\"profile\":7}", "profile", "must be one of light, balanced, max, was '7'"),
        Arguments.of("{\"spawners\":-1}", "spawners", "must be between 0 and"),
        Arguments.of("{\"spawners\":100000}", "spawners", "sample.storm.max-spawners"),
        Arguments.of("{\"sleepMs\":-1}", "sleepMs", "must be between 0 and 10000"),
        Arguments.of("{\"sleepMs\":10001}", "sleepMs", "must be between 0 and 10000"),
        Arguments.of("{\"spinMicros\":10000001}", "spinMicros", "must be between 0 and 10000000"),
        Arguments.of("{\"failFraction\":1.5}", "failFraction", "must be between 0 and 1"),
        Arguments.of("{\"failFraction\":-0.1}", "failFraction", "must be between 0 and 1"),
        Arguments.of("{\"killFraction\":2}", "killFraction", "must be between 0 and 1"),
        Arguments.of("{\"killFraction\":\"half\"}", "killFraction", "must be a number"),
        Arguments.of("{\"duration\":10}", "duration", "is not a known field"),
        Arguments.of("{\"durationSeconds\":", null, "the body is not valid JSON"),
        Arguments.of("not json", null, "the body is not valid JSON"),
        Arguments.of("[1,2]", null, "the body must be a JSON object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsA400ProblemNamingTheFieldAndTheRule(String body, String field, String rule) {
    long before = currentId();

    Http.Answer answer = http.post("/api/storms", body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asString()).isEqualTo("Invalid input");
    assertThat(problem.get("instance").asString()).isEqualTo("/api/storms");
    JsonNode errors = problem.get("errors");
    assertThat(errors.size()).isEqualTo(1);
    if (field == null) {
      assertThat(errors.get(0).get("field").isNull()).isTrue();
    } else {
      assertThat(errors.get(0).get("field").asString()).isEqualTo(field);
      assertThat(problem.get("detail").asString()).startsWith(field + " ");
    }
    assertThat(errors.get(0).get("rule").asString()).contains(rule);
    assertThat(currentId()).as("no storm started").isEqualTo(before);
  }

  private long currentId() {
    Http.Answer current = http.get("/api/storms/current");
    return current.status() == 404 ? -1 : current.json().get("id").asLong();
  }

  @Test
  void everyBadFieldIsListed() {
    Http.Answer answer = http.post("/api/storms",
        "{\"durationSeconds\":0,\"liveCap\":-5,\"profile\":\"nope\",\"failFraction\":3}");

    assertThat(answer.status()).isEqualTo(400);
    List<String> fields = answer.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    assertThat(fields).containsExactlyInAnyOrder("durationSeconds", "liveCap", "profile", "failFraction");
  }

  @Test
  void aBodyThatIsNotJsonIsA415Problem() {
    Http.Answer answer = http.post("/api/storms", "text/plain", "durationSeconds=10");

    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.json().get("detail").asString()).contains("text/plain");
  }

  @Test
  void theStreamIsServerSentEvents() {
    try (EventStream events = EventStream.open(http)) {
      assertThat(events.head()).succeedsWithin(Duration.ofSeconds(10)).satisfies(response -> {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("text/event-stream"));
      });
    }
  }
}
