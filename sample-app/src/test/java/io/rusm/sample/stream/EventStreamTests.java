package io.rusm.sample.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.sample.EventStream;
import io.rusm.sample.RunningAppTests;
import io.rusm.sample.Storms;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The tick stream read over real HTTP, as a browser's EventSource reads it. */
class EventStreamTests extends RunningAppTests {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void deliversTicksAndThenTheReport() throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      long id = Storms.start(http, "{\"durationSeconds\":1,\"liveCap\":1000,\"spawners\":1}").get("id").asLong();

      JsonNode tick = events.await("tick",
          t -> t.get("stormId").asLong() == id && t.get("spawned").asLong() > 0, WAIT).data();
      assertThat(tick.get("elapsedMillis").asLong()).isPositive();
      assertThat(tick.get("spawnsPerSecond").asDouble()).isPositive();
      assertThat(tick.get("live").asLong()).isBetween(0L, 1001L);
      assertThat(tick.has("latency")).isTrue();
      assertThat(tick.get("latency").has("p99Micros")).isTrue();

      JsonNode report = events.awaitReport(id, WAIT);
      assertThat(report.get("spawned").asLong()).isGreaterThanOrEqualTo(tick.get("spawned").asLong());
      assertThat(report.get("spawned").asLong()).isEqualTo(report.get("finishedNormal").asLong());
      assertThat(report.get("spawners").asInt()).isEqualTo(1);
      assertThat(report.get("meanSpawnsPerSecond").asDouble()).isPositive();
      assertThat(report.get("peakLive").asLong()).isBetween(1L, 1001L);
      assertThat(report.get("balanced").asBoolean()).isTrue();
    }
  }

  @Test
  void fansOutToEverySubscriber() throws InterruptedException {
    try (EventStream first = EventStream.open(http); EventStream second = EventStream.open(http)) {
      long id = Storms.start(http, "{\"durationSeconds\":1,\"liveCap\":100,\"spawners\":1}").get("id").asLong();

      JsonNode one = first.awaitReport(id, WAIT);
      JsonNode two = second.awaitReport(id, WAIT);

      assertThat(one).isEqualTo(two);
    }
  }

  @Test
  void aNewSubscriberGetsTheLatestTickAndTheLastReportAtOnce() throws InterruptedException {
    JsonNode report = Storms.run(http, "{\"durationSeconds\":1,\"liveCap\":100,\"spawners\":1}");
    long id = report.get("stormId").asLong();

    try (EventStream late = EventStream.open(http)) {
      JsonNode tick = late.await("tick", t -> true, WAIT).data();
      assertThat(tick.get("stormId").asLong()).isEqualTo(id);
      assertThat(tick.get("spawned").asLong()).isEqualTo(report.get("spawned").asLong());
      assertThat(tick.get("live").asLong()).isZero();
      assertThat(late.await("report", r -> true, WAIT).data()).isEqualTo(report);
    }
  }

  @Test
  void aSubscriberDuringAStormGetsItsLatestTickAtOnce() throws InterruptedException {
    long id = Storms.start(http, "{\"durationSeconds\":120,\"liveCap\":100,\"spawners\":1}").get("id").asLong();
    try (EventStream events = EventStream.open(http)) {
      // Ticks come every 250 ms; the replayed one is the first event, whatever its count.
      JsonNode first = events.await("tick", t -> true, WAIT).data();
      assertThat(first.get("stormId").asLong()).isEqualTo(id);
    }
  }
}
