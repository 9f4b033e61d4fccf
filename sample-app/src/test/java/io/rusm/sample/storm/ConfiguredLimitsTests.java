package io.rusm.sample.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.sample.Http;
import io.rusm.sample.Storms;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The storm limits are the application's properties, and a fresh application has no storm. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sample.storm.max-duration=20s", "sample.storm.default-duration=2s", "sample.storm.max-live-cap=500",
    "sample.storm.max-spawners=1"})
class ConfiguredLimitsTests {

  @LocalServerPort
  int port;

  @Test
  void noStormYetIs404ThenTheConfiguredLimitsApply() throws InterruptedException {
    Http http = new Http(port);

    Http.Answer none = http.get("/api/storms/current");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.contentType()).startsWith("application/problem+json");
    assertThat(none.json().get("detail").asString()).contains("POST /api/storms");
    assertThat(http.delete("/api/storms/current").status()).isEqualTo(404);
    assertThat(http.post("/api/storms/current/stop", null).status()).isEqualTo(404);

    Http.Answer tooMuch = http.post("/api/storms", "{\"durationSeconds\":21,\"liveCap\":501,\"spawners\":2}");
    assertThat(tooMuch.status()).isEqualTo(400);
    assertThat(tooMuch.json().get("detail").asString()).contains(
        "durationSeconds must be between 1 and 20", "liveCap must be between 1 and 500", "spawners must be between 0 and 1");

    JsonNode settings = Storms.start(http, "{}").get("settings");
    assertThat(settings.get("durationSeconds").asLong()).isEqualTo(2);
    assertThat(settings.get("liveCap").asInt()).isEqualTo(500);
    Storms.stopAndAwaitEnd(http);
  }
}
