package io.rusm.sample.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.sample.Http;
import io.rusm.sample.Storms;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The cascade limits are the application's properties, and a fresh application has no cascade storm. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sample.cascade.max-duration=20s", "sample.cascade.default-duration=2s", "sample.cascade.max-size=300",
    "sample.cascade.max-fan-out=2"})
class CascadeConfiguredLimitsTests {

  @LocalServerPort
  int port;

  @Test
  void noCascadeStormYetIs404ThenTheConfiguredLimitsApply() throws InterruptedException {
    Http http = new Http(port);

    Http.Answer none = http.get("/api/cascade-storms/current");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.contentType()).startsWith("application/problem+json");
    assertThat(none.json().get("title").asString()).isEqualTo("No cascade storm");
    assertThat(none.json().get("detail").asString()).contains("POST /api/cascade-storms");
    assertThat(http.delete("/api/cascade-storms/current").status()).isEqualTo(404);
    assertThat(http.post("/api/cascade-storms/current/stop", null).status()).isEqualTo(404);

    Http.Answer tooMuch = http.post("/api/cascade-storms", "{\"durationSeconds\":21,\"size\":301,\"fanOut\":3}");
    assertThat(tooMuch.status()).isEqualTo(400);
    assertThat(tooMuch.json().get("detail").asString()).contains("durationSeconds must be between 1 and 20",
        "size must be between 2 and 300", "fanOut must be between 1 and 2");

    JsonNode settings = Storms.startCascades(http, "{}").get("settings");
    assertThat(settings.get("durationSeconds").asLong()).isEqualTo(2);
    assertThat(settings.get("size").asInt()).isEqualTo(300);
    assertThat(settings.get("fanOut").asInt()).isEqualTo(2);
    assertThat(settings.get("depth").asInt()).isEqualTo(9);
    Storms.stopCascadeStormAndAwaitEnd(http);
  }
}
