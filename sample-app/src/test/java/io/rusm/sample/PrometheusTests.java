package io.rusm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /actuator/prometheus shows the rusm metrics moving during and after a storm. */
class PrometheusTests extends RunningAppTests {

  private double scrape(String series) {
    Http.Answer answer = http.get("/actuator/prometheus");
    assertThat(answer.status()).isEqualTo(200);
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? (\\S+)$").matcher(answer.body());
    assertThat(m.find()).as(series + " in:\n" + answer.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private double finished(String outcome) {
    Http.Answer answer = http.get("/actuator/prometheus");
    Matcher m = Pattern.compile("(?m)^rusm_processes_finished_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$")
        .matcher(answer.body());
    assertThat(m.find()).as("finished{outcome=" + outcome + "} in:\n" + answer.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void spawnedGrowsByTheStormsSpawnsAndFinishedByOutcome() throws InterruptedException {
    double spawnedBefore = scrape("rusm_processes_spawned_total");
    double normalBefore = finished("normal");
    double killedBefore = finished("killed");
    double failedBefore = finished("failed");

    JsonNode report = Storms.run(http,
        "{\"durationSeconds\":1,\"liveCap\":1000,\"spawners\":1,\"failFraction\":0.2,\"killFraction\":0.2}");

    assertThat(scrape("rusm_processes_spawned_total") - spawnedBefore)
        .isGreaterThanOrEqualTo(report.get("spawned").asDouble()).isPositive();
    assertThat(finished("normal") - normalBefore).isGreaterThanOrEqualTo(report.get("finishedNormal").asDouble());
    assertThat(finished("killed") - killedBefore).isGreaterThanOrEqualTo(report.get("finishedKilled").asDouble())
        .isPositive();
    assertThat(finished("failed") - failedBefore).isGreaterThanOrEqualTo(report.get("finishedFailed").asDouble())
        .isPositive();
    assertThat(scrape("rusm_processes_limit")).isPositive();
    assertThat(scrape("rusm_processes_rejected_total")).isNotNegative();
  }

  @Test
  void liveAndSpawnedMoveDuringAStorm() throws InterruptedException {
    double before = scrape("rusm_processes_spawned_total");
    try (EventStream events = EventStream.open(http)) {
      long id = Storms.start(http, "{\"durationSeconds\":120,\"liveCap\":200,\"spawners\":1,\"sleepMs\":50}")
          .get("id").asLong();
      events.await("tick", t -> t.get("stormId").asLong() == id && t.get("live").asLong() > 0, Duration.ofSeconds(30));
      double during = scrape("rusm_processes_spawned_total");
      assertThat(during).isGreaterThan(before);
      assertThat(scrape("rusm_processes_live")).isPositive();

      // Sleeping 50 ms under a cap of 200, the storm spawns thousands a second: a later tick has more.
      long seen = (long) (during - before);
      events.await("tick", t -> t.get("stormId").asLong() == id && t.get("spawned").asLong() > seen,
          Duration.ofSeconds(30));
      assertThat(scrape("rusm_processes_spawned_total")).isGreaterThan(during);
    }
  }
}
