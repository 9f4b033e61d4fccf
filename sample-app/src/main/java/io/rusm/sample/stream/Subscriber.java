package io.rusm.sample.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client of the event stream: a bounded queue of events, drained by this client's own sender
 * thread into its {@link SseEmitter}. Publishing only offers to the queue, so a slow or stuck client
 * never holds up the publisher or the other clients.
 */
final class Subscriber implements Runnable {

  private final SseEmitter emitter;
  // Offered to by publishing threads without blocking, drained by the sender thread alone.
  private final BlockingQueue<StreamEvent> queue;
  private final long heartbeatNanos;
  private final Consumer<Subscriber> onClose;
  // Closing happens once, from whichever comes first: the emitter's callbacks, a failed send, a full
  // queue, or the application stopping.
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set by end() before it closes, read by the sender thread once it has stopped: it then ends the
  // response itself, so that no other thread waits on a write stuck on a slow client.
  private volatile boolean endResponse;
  // Set once before the sender starts; read by close() on other threads to wake it.
  private volatile Thread sender;

  Subscriber(SseEmitter emitter, int backlog, Duration heartbeat, Consumer<Subscriber> onClose) {
    this.emitter = emitter;
    this.queue = new ArrayBlockingQueue<>(backlog);
    this.heartbeatNanos = heartbeat.toNanos();
    this.onClose = onClose;
  }

  void start(ThreadFactory threads) {
    Thread thread = threads.newThread(this);
    sender = thread;
    thread.start();
  }

  /** Queues an event without blocking; a client whose queue is full has fallen behind and is ended. */
  void offer(StreamEvent event) {
    if (!queue.offer(event)) {
      end();
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void run() {
    try {
      while (!closed.get()) {
        StreamEvent event = queue.poll(heartbeatNanos, TimeUnit.NANOSECONDS);
        if (event == null) {
          emitter.send(SseEmitter.event().comment("keep-alive"));
        } else {
          emitter.send(SseEmitter.event().name(event.name()).data(event.data(), MediaType.APPLICATION_JSON));
        }
      }
    } catch (InterruptedException closing) {
      // close() woke this thread: nothing more to send.
    } catch (IOException | IllegalStateException gone) {
      // The client went away (the container then completes the emitter) or the emitter completed.
      close();
    } catch (RuntimeException | Error failed) {
      // An event that cannot be written (a converter's failure, say): this client is forgotten, and its
      // response ends with the error, which Spring MVC's async error handling reports, instead of staying
      // open until its timeout.
      close();
      emitter.completeWithError(failed);
    } finally {
      if (endResponse) {
        emitter.complete();
      }
    }
  }

  /** Stops sending and forgets this client; the emitter's own callbacks call this when it ends. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.accept(this);
      Thread thread = sender;
      if (thread != null && thread != Thread.currentThread()) {
        thread.interrupt();
      }
    }
  }

  /**
   * Closes this client and has its sender thread end the response; returns at once, even while a write
   * to the client is stuck.
   */
  void end() {
    endResponse = true;
    close();
  }

  /** Closes this client and ends its response on the calling thread: for the container's callbacks. */
  void complete() {
    close();
    emitter.complete();
  }
}
