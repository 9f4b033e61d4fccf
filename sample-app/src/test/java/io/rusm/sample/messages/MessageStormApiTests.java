package io.rusm.sample.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.sample.EventStream;
import io.rusm.sample.Http;
import io.rusm.sample.RunningAppTests;
import io.rusm.sample.Storms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The message-storm REST API over real HTTP: each workload, limits, conflicts, and the observer's mailboxes. */
class MessageStormApiTests extends RunningAppTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired
  ProcessRuntime runtime;

  @Test
  void aRingRunsTicksOnTheSharedStreamAndReportsBalancedCounts() throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      Http.Answer started = http.post("/api/message-storms", "{\"workload\":\"ring\",\"size\":1000,\"durationSeconds\":2}");
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      JsonNode storm = started.json();
      long id = storm.get("id").asLong();
      assertThat(storm.get("state").asString()).isEqualTo("running");
      assertThat(storm.get("settings").get("workload").asString()).isEqualTo("ring");
      assertThat(storm.get("settings").get("processes").asInt()).isEqualTo(1000);
      assertThat(http.get("/api/message-storms/current").json().get("id").asLong()).isEqualTo(id);

      JsonNode tick = events.await("message-tick",
          t -> t.get("stormId").asLong() == id && t.get("messagesPerSecond").asDouble() > 0, WAIT).data();
      assertThat(tick.get("workload").asString()).isEqualTo("ring");
      JsonNode report = Storms.awaitMessageReport(events, id);
      assertThat(report.get("received").asLong()).isPositive();
      assertThat(report.get("meanMessagesPerSecond").asDouble()).isPositive();
      assertThat(report.get("balanced").asBoolean()).isTrue();
      assertThat(report.get("sent").asLong())
          .isEqualTo(report.get("delivered").asLong() + report.get("deadLetters").asLong());
      assertThat(http.get("/api/message-storms/current").json().get("state").asString()).isEqualTo("finished");
    }
  }

  @Test
  void pingPongReportsRoundTripLatencyAndFanInTheReceiversMailbox() throws InterruptedException {
    JsonNode pingPong = Storms.runMessages(http, "{\"workload\":\"ping-pong\",\"size\":10,\"durationSeconds\":1}");
    assertThat(pingPong.get("latency").get("samples").asLong()).isPositive();
    assertThat(pingPong.get("latency").get("p99Micros").asDouble()).isPositive();

    JsonNode fanIn = Storms.runMessages(http, "{\"workload\":\"fan-in\",\"size\":100,\"window\":50,\"durationSeconds\":1}");
    assertThat(fanIn.get("peakReceiverMailbox").asLong()).isPositive().isLessThanOrEqualTo(100 * 50);
    assertThat(fanIn.get("processes").asInt()).isEqualTo(101);
  }

  @Test
  void badValuesAre400NamingTheFieldAndTheLimit() {
    Http.Answer answer = http.post("/api/message-storms",
        "{\"workload\":\"ring\",\"size\":100001,\"durationSeconds\":301,\"window\":0}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode errors = answer.json().get("errors");
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(e.get("field").asString() + ": " + e.get("rule").asString()));
    assertThat(fields).containsExactlyInAnyOrder(
        "size: must be between 2 and 100000 (limit: sample.messages.max-ring), was 100001",
        "durationSeconds: must be between 1 and 300 (limit: sample.messages.max-duration), was 301",
        "window: must be between 1 and 1000 (limit: sample.messages.max-window), was 0");

    assertThat(http.post("/api/message-storms", "{\"workload\":\"ping-pong\",\"size\":10001}").json()
        .get("errors").get(0).get("rule").asString())
        .isEqualTo("must be between 1 and 10000 (limit: sample.messages.max-pairs), was 10001");
    assertThat(http.post("/api/message-storms", "{\"workload\":\"star\"}").json().get("errors").get(0)
        .get("field").asString()).isEqualTo("workload");
    assertThat(http.post("/api/message-storms", "{\"size\":\"many\"}").status()).isEqualTo(400);
    Http.Answer tooLarge = http.post("/api/message-storms", "{\"size\":3000000000}");
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.json().get("errors").get(0).get("field").asString()).as(tooLarge.body()).isEqualTo("size");
  }

  @Test
  void oneStormOfAnyKindAtATime() throws InterruptedException {
    Http.Answer ring = http.post("/api/message-storms", "{\"workload\":\"ring\",\"size\":10,\"durationSeconds\":120}");
    assertThat(ring.status()).isEqualTo(201);
    Http.Answer again = http.post("/api/message-storms", "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("detail").asString()).contains("message storm", "DELETE /api/message-storms/current");
    Http.Answer spawn = http.post("/api/storms", "{\"durationSeconds\":120,\"spawners\":1}");
    assertThat(spawn.status()).isEqualTo(409);
    assertThat(spawn.json().get("runningKind").asString()).isEqualTo("message storm");
    Storms.stopMessageStormAndAwaitEnd(http);

    Storms.start(http, "{\"durationSeconds\":120,\"liveCap\":100,\"spawners\":1}");
    Http.Answer messages = http.post("/api/message-storms", "{}");
    assertThat(messages.status()).isEqualTo(409);
    assertThat(messages.json().get("runningKind").asString()).isEqualTo("storm");
  }

  @Test
  void withNoMessageStormCurrentIs404() {
    // Other tests may have run one in this application; a fresh count is not needed, only the shape.
    Http.Answer answer = http.get("/api/message-storms/current");
    assertThat(answer.status()).isIn(200, 404);
  }

  @Test
  void theObserverShowsMailboxLengthsAndSortsByThem() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef busy = runtime.spawn("backlogged", ctx -> release.await());
    ProcessRef quiet = runtime.spawn("quiet", ctx -> release.await());
    try {
      for (int i = 0; i < 42; i++) {
        busy.send(i);
      }
      quiet.send("one");
      JsonNode sorted = http.get("/api/observer?processes=true&limit=2&sort=mailbox").json().get("processes");
      assertThat(sorted.get(0).get("pid").asString()).isEqualTo(busy.pid().toString());
      assertThat(sorted.get(0).get("mailboxLength").asLong()).isEqualTo(42);
      assertThat(sorted.get(1).get("mailboxLength").asLong()).isEqualTo(1);

      Http.Answer bad = http.get("/api/observer?processes=true&sort=age");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("sort");
    } finally {
      release.countDown();
      busy.join();
      quiet.join();
    }
  }
}
