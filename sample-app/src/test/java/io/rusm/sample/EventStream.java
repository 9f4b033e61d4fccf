package io.rusm.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A client of {@code GET /api/storms/stream} over real HTTP: it parses the server-sent events as they
 * arrive into a queue, from which a test awaits the event it wants with a bounded wait.
 */
public final class EventStream implements AutoCloseable {

  /** One server-sent event. */
  public record Event(String name, JsonNode data) {
  }

  // Filled by the HTTP client's thread, drained by the test thread.
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  // Every event seen so far, for failure messages; test thread only.
  private final List<Event> seen = new ArrayList<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
  private final CompletableFuture<HttpResponse<Void>> response;

  private EventStream(Http http) {
    HttpRequest request = HttpRequest.newBuilder(http.uri("/api/storms/stream"))
        .header("Accept", "text/event-stream").GET().build();
    response = http.client().sendAsync(request, info -> {
      head.complete(info);
      return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
    });
  }

  /** Opens the stream. */
  public static EventStream open(Http http) {
    return new EventStream(http);
  }

  /** The status and headers, as soon as they arrive. */
  public CompletableFuture<HttpResponse.ResponseInfo> head() {
    return head;
  }

  /** The response: completes when the server ends the stream. */
  public CompletableFuture<HttpResponse<Void>> response() {
    return response;
  }

  /**
   * Waits up to {@code timeout} for an event named {@code name} whose data matches {@code test},
   * consuming the events before it.
   *
   * @throws AssertionError if none arrives in time
   */
  public Event await(String name, Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no '" + name + "' event as expected within " + timeout + "; seen: " + seen);
      }
      seen.add(event);
      if (event.name().equals(name) && test.test(event.data())) {
        return event;
      }
    }
  }

  /** Waits for the {@code report} event of storm {@code stormId}. */
  public JsonNode awaitReport(long stormId, Duration timeout) throws InterruptedException {
    return await("report", data -> data.get("stormId").asLong() == stormId, timeout).data();
  }

  /** Closes the connection. */
  @Override
  public void close() {
    subscription.thenAccept(Flow.Subscription::cancel);
    response.cancel(true);
  }

  private final class Lines implements Flow.Subscriber<String> {
    // The HTTP client delivers lines one at a time, in order, on one thread at a time.
    private String name = "message";
    private final StringBuilder data = new StringBuilder();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.complete(s);
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new Event(name, Http.JSON.readTree(data.toString())));
        }
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        name = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()));
      }
    }

    @Override
    public void onError(Throwable failure) {
    }

    @Override
    public void onComplete() {
    }
  }
}
