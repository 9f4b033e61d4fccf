package io.rusm.sample.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** One client's queue and sender thread, with emitters that stand for slow, gone and healthy clients. */
@Timeout(60) // a publisher blocked by a stuck client would hang here: fail instead
class SubscriberTests {

  private static final ThreadFactory SENDERS = Thread.ofVirtual().name("test-sse-", 1).factory();
  private static final StreamEvent TICK = new StreamEvent("tick", "{}");

  /**
   * An emitter whose sends wait, deaf to interrupts, until released: a write stuck on a client that
   * reads nothing. Like Spring's, its complete() would wait for a send in progress.
   */
  static final class StuckEmitter extends SseEmitter {
    final CountDownLatch sending = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch completed = new CountDownLatch(1);
    final List<Thread> completers = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void send(SseEventBuilder builder) {
      sending.countDown();
      boolean interrupted = false;
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public synchronized void complete() {
      completers.add(Thread.currentThread());
      completed.countDown();
    }
  }

  /** An emitter whose client has gone away. */
  static final class GoneEmitter extends SseEmitter {
    @Override
    public void send(SseEventBuilder builder) throws IOException {
      throw new IOException("Broken pipe");
    }
  }

  /** An emitter that cannot write an event, and records the error its response ends with. */
  static final class FailingEmitter extends SseEmitter {
    final CompletableFuture<Throwable> endedWith = new CompletableFuture<>();

    @Override
    public void send(SseEventBuilder builder) {
      throw new IllegalArgumentException("no converter for the event");
    }

    @Override
    public void completeWithError(Throwable failure) {
      endedWith.complete(failure);
    }
  }

  /** An emitter that records what it sends. */
  static final class RecordingEmitter extends SseEmitter {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch expected;

    RecordingEmitter(int expected) {
      this.expected = new CountDownLatch(expected);
    }

    @Override
    public void send(SseEventBuilder builder) {
      StringBuilder text = new StringBuilder();
      builder.build().forEach(part -> text.append(part.getData()));
      sent.add(text.toString());
      expected.countDown();
    }
  }

  @Test
  void aStuckClientNeitherBlocksThePublisherNorGrowsWithoutBound() throws InterruptedException {
    StuckEmitter emitter = new StuckEmitter();
    CountDownLatch closed = new CountDownLatch(1);
    Subscriber subscriber = new Subscriber(emitter, 8, Duration.ofMinutes(1), s -> closed.countDown());
    subscriber.start(SENDERS);
    subscriber.offer(TICK);
    assertThat(emitter.sending.await(10, TimeUnit.SECONDS)).as("the sender is stuck in send").isTrue();

    for (int i = 0; i < 9; i++) {
      subscriber.offer(TICK); // returns at once: the ninth overflows the backlog of 8
    }

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("closed once it fell behind").isTrue();
    assertThat(subscriber.isClosed()).isTrue();
    assertThat(emitter.completed.getCount()).as("the publisher did not wait to end the response").isOne();
    emitter.release.countDown();
    assertThat(emitter.completed.await(10, TimeUnit.SECONDS)).as("its sender ended the response").isTrue();
    assertThat(emitter.completers).singleElement().satisfies(t -> assertThat(t.isVirtual()).isTrue())
        .isNotSameAs(Thread.currentThread());
  }

  @Test
  void aClientThatWentAwayIsClosedAtTheNextSend() throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Subscriber subscriber = new Subscriber(new GoneEmitter(), 8, Duration.ofMinutes(1), s -> closed.countDown());
    subscriber.start(SENDERS);

    subscriber.offer(TICK);

    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.isClosed()).isTrue();
  }

  @Test
  void anEventThatCannotBeWrittenClosesTheClientAndEndsItsResponseWithTheError() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    FailingEmitter emitter = new FailingEmitter();
    Subscriber subscriber = new Subscriber(emitter, 8, Duration.ofMinutes(1), s -> closed.countDown());
    subscriber.start(SENDERS);

    subscriber.offer(TICK);

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("forgotten by the broadcaster").isTrue();
    assertThat(emitter.endedWith.get(10, TimeUnit.SECONDS)).hasMessage("no converter for the event");
  }

  @Test
  void aQuietClientGetsHeartbeatsWhichFindItGone() throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    Subscriber subscriber =
        new Subscriber(new GoneEmitter(), 8, Duration.ofMillis(50), s -> closed.countDown());

    subscriber.start(SENDERS);

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("the heartbeat's send failed").isTrue();
  }

  @Test
  void sendsEventsInOrderAndClosesOnce() throws InterruptedException {
    RecordingEmitter emitter = new RecordingEmitter(3);
    List<Subscriber> closes = new CopyOnWriteArrayList<>();
    Subscriber subscriber = new Subscriber(emitter, 8, Duration.ofMinutes(1), closes::add);
    subscriber.start(SENDERS);

    subscriber.offer(new StreamEvent("tick", "one"));
    subscriber.offer(new StreamEvent("tick", "two"));
    subscriber.offer(new StreamEvent("report", "three"));

    assertThat(emitter.expected.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(emitter.sent).hasSize(3);
    assertThat(emitter.sent.get(0)).contains("event:tick").contains("one");
    assertThat(emitter.sent.get(1)).contains("two");
    assertThat(emitter.sent.get(2)).contains("event:report").contains("three");
    subscriber.close();
    subscriber.close();
    assertThat(closes).containsExactly(subscriber);
  }
}
