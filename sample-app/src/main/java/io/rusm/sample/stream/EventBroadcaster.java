package io.rusm.sample.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Fans events out to every connected event-stream client. {@link #publish} only offers the event to
 * each client's bounded queue, so it returns at once whatever the clients do: it is called on a storm's
 * sampler thread, whose next tick waits for it. Each client's own virtual thread does the writing.
 *
 * <p>When the application stops, it ends every open stream before the web server's graceful shutdown,
 * which would otherwise wait for them.
 */
@Component
public class EventBroadcaster implements SmartLifecycle {

  private final StreamProperties properties;
  // Iterated at every publish, changed only when a client connects or leaves: copy-on-write keeps
  // publishing free of locks.
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  // A builder's factory, unlike the builder itself, may be used by many request threads at once.
  private final ThreadFactory senders = Thread.ofVirtual().name("sample-sse-", 1).factory();
  // Flipped by the lifecycle; read by subscribe() on request threads.
  private volatile boolean running;

  /**
   * @param properties the stream's timeout, heartbeat and backlog
   */
  public EventBroadcaster(StreamProperties properties) {
    this.properties = properties;
  }

  /**
   * Opens a stream for a new client, which first gets the events {@code replay} gives, taken after it
   * has joined so that it misses nothing published meanwhile (it may see an event twice).
   */
  public SseEmitter subscribe(Supplier<List<StreamEvent>> replay) {
    SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
    Subscriber subscriber =
        new Subscriber(emitter, properties.backlog(), properties.heartbeat(), subscribers::remove);
    emitter.onCompletion(subscriber::close);
    emitter.onTimeout(subscriber::complete);
    emitter.onError(failure -> subscriber.close());
    subscribers.add(subscriber);
    try {
      replay.get().forEach(subscriber::offer);
      subscriber.start(senders);
    } catch (RuntimeException | Error failed) {
      // The request fails, and no client will read this stream: forget it.
      subscriber.close();
      throw failed;
    }
    if (!running) {
      subscriber.end();
    }
    return emitter;
  }

  /** Offers {@code event} to every client, without blocking. */
  public void publish(StreamEvent event) {
    for (Subscriber subscriber : subscribers) {
      subscriber.offer(event);
    }
  }

  /** The number of connected clients. */
  public int subscribers() {
    return subscribers.size();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    for (Subscriber subscriber : subscribers) {
      subscriber.end();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
