package io.rusm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Starting storms and waiting for their end through the application's API. */
public final class Storms {

  /** Long enough for any storm the tests start to drain after it is stopped. */
  public static final Duration END_TIMEOUT = Duration.ofSeconds(60);

  private Storms() {
  }

  /** Starts a storm with this JSON body and returns its view; fails unless the answer is 201. */
  public static JsonNode start(Http http, String json) {
    Http.Answer answer = http.post("/api/storms", json);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json();
  }

  /** Runs a storm with this JSON body to its end and returns its report. */
  public static JsonNode run(Http http, String json) throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      long id = start(http, json).get("id").asLong();
      return events.awaitReport(id, END_TIMEOUT);
    }
  }

  /** Stops the current storm of every kind, if any, and waits until they have ended. */
  public static void stopAndAwaitEnd(Http http) throws InterruptedException {
    stopMessageStormAndAwaitEnd(http);
    stopCascadeStormAndAwaitEnd(http);
    try (EventStream events = EventStream.open(http)) {
      Http.Answer answer = http.delete("/api/storms/current");
      if (answer.status() == 404) {
        return;
      }
      assertThat(answer.status()).as(answer.body()).isIn(200, 202);
      long id = answer.json().get("id").asLong();
      // The stream replays the report if the storm has already ended.
      events.awaitReport(id, END_TIMEOUT);
    }
  }

  /** Runs a message storm with this JSON body to its end and returns its report. */
  public static JsonNode runMessages(Http http, String json) throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      Http.Answer answer = http.post("/api/message-storms", json);
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      long id = answer.json().get("id").asLong();
      return awaitMessageReport(events, id);
    }
  }

  /** Stops the current message storm, if any, and waits until it has ended. */
  public static void stopMessageStormAndAwaitEnd(Http http) throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      Http.Answer answer = http.delete("/api/message-storms/current");
      if (answer.status() == 404) {
        return;
      }
      assertThat(answer.status()).as(answer.body()).isIn(200, 202);
      awaitMessageReport(events, answer.json().get("id").asLong());
    }
  }

  /** Starts a cascade storm with this JSON body and returns its view; fails unless the answer is 201. */
  public static JsonNode startCascades(Http http, String json) {
    Http.Answer answer = http.post("/api/cascade-storms", json);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json();
  }

  /** Stops the current cascade storm, if any, and waits until it has ended. */
  public static void stopCascadeStormAndAwaitEnd(Http http) throws InterruptedException {
    try (EventStream events = EventStream.open(http)) {
      Http.Answer answer = http.delete("/api/cascade-storms/current");
      if (answer.status() == 404) {
        return;
      }
      assertThat(answer.status()).as(answer.body()).isIn(200, 202);
      awaitCascadeReport(events, answer.json().get("id").asLong());
    }
  }

  /** The report of cascade storm {@code id}, from the stream (which replays it if it has already come). */
  public static JsonNode awaitCascadeReport(EventStream events, long id) throws InterruptedException {
    return events.await("cascade-report", data -> data.get("stormId").asLong() == id, END_TIMEOUT).data();
  }

  /** The report of message storm {@code id}, from the stream (which replays it if it has already come). */
  public static JsonNode awaitMessageReport(EventStream events, long id) throws InterruptedException {
    return events.await("message-report", data -> data.get("stormId").asLong() == id, END_TIMEOUT).data();
  }
}
