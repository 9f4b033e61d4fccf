package io.rusm.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client of the application under test, over real HTTP. */
public final class Http {

  /** Reads JSON answers. */
  public static final JsonMapper JSON = JsonMapper.shared();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String base;

  /**
   * @param port the port the application listens on
   */
  public Http(int port) {
    this.base = "http://localhost:" + port;
  }

  /** An answer: its status, content type and body. */
  public record Answer(int status, String contentType, String body) {

    /** The body as JSON. */
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** The absolute URI of {@code path}. */
  public URI uri(String path) {
    return URI.create(base + path);
  }

  /** GET. */
  public Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** POST with a JSON body, or with no body when {@code json} is null. */
  public Answer post(String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (json == null) {
      return send(request.POST(HttpRequest.BodyPublishers.noBody()));
    }
    return send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** POST with a body of the given content type. */
  public Answer post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** DELETE. */
  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /** The client itself, for streaming requests. */
  public HttpClient client() {
    return client;
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + request.build().uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
