package io.rusm.bench;

import io.rusm.bench.Messages.Ball;
import io.rusm.bench.Messages.Credit;
import io.rusm.bench.Messages.Item;
import io.rusm.bench.Messages.RingStop;
import io.rusm.bench.Messages.Token;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The messaging workloads on raw virtual threads ({@code Thread.ofVirtual()}), each with a plain JDK
 * mailbox ({@link RawMailbox}): the same messages, the same stop signal and the same fan-in credit as
 * {@link RusmMessaging}, without a process table, pids, counters or exits. A kill is an interrupt.
 */
final class RawMessaging implements MessagingSide {

  private final String label;
  private final Supplier<RawMailbox> mailboxes;

  RawMessaging(String label, Supplier<RawMailbox> mailboxes) {
    this.label = label;
    this.mailboxes = mailboxes;
  }

  /** Raw virtual threads with {@link RawMailbox.Ltq} mailboxes. */
  static RawMessaging ltq() {
    return new RawMessaging("raw-ltq", RawMailbox.Ltq::new);
  }

  /** Raw virtual threads with {@link RawMailbox.Park} mailboxes. */
  static RawMessaging park() {
    return new RawMessaging("raw-park", RawMailbox.Park::new);
  }

  @Override
  public String label() {
    return label;
  }

  /** One round's stop signal: set by the driver, read by the threads once per message. */
  private static final class Flag {
    volatile boolean stop;
  }

  /** A raw thread's body: its own mailbox in, nothing out; an interrupt ends it. */
  private interface Body {
    void run(RawMailbox self) throws InterruptedException;
  }

  @Override
  public Round run(Workload w, Duration duration) throws InterruptedException {
    return switch (w.kind()) {
      case PING_PONG -> pingPong(w.size(), duration);
      case RING -> ring(w.size(), duration);
      case FAN_IN -> fanIn(w, duration);
    };
  }

  /** A thread that owns {@code box}, not yet started. */
  private static Thread thread(RawMailbox box, Body body) {
    Thread t = Thread.ofVirtual().unstarted(() -> {
      try {
        body.run(box);
      } catch (InterruptedException killed) {
        // the end of a fan-in sender left waiting for credit
      }
    });
    box.owner = t;
    return t;
  }

  private Round pingPong(int pairs, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    LongAdder messages = new LongAdder();
    RawMailbox[] pings = new RawMailbox[pairs];
    Thread[] threads = new Thread[2 * pairs];
    for (int i = 0; i < pairs; i++) {
      RawMailbox pong = mailboxes.get();
      threads[2 * i] = thread(pong, RawMessaging::pong);
      pings[i] = mailboxes.get();
      threads[2 * i + 1] = thread(pings[i], self -> ping(self, pong, flag, messages));
    }
    startAll(threads);
    long start = System.nanoTime();
    for (RawMailbox ping : pings) {
      ping.put(Messages.GO);
    }
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    joinAll(threads);
    return new Round(messages.sum(), nanos);
  }

  private static void ping(RawMailbox self, RawMailbox pong, Flag flag, LongAdder messages)
      throws InterruptedException {
    self.take();
    long trips = 0;
    do {
      pong.put(new Ball(self));
      self.take();
      trips++;
    } while (!flag.stop);
    pong.put(Messages.STOP);
    messages.add(2 * trips);
  }

  private static void pong(RawMailbox self) throws InterruptedException {
    while (self.take() instanceof Ball(Object from)) {
      ((RawMailbox) from).put(new Ball(self));
    }
  }

  private Round ring(int size, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    long[] hops = new long[1];
    // Filled before any thread starts, so every thread sees it whole.
    RawMailbox[] ring = new RawMailbox[size];
    Thread[] threads = new Thread[size];
    for (int i = 0; i < size; i++) {
      ring[i] = mailboxes.get();
    }
    for (int i = 0; i < size; i++) {
      int index = i;
      threads[i] = thread(ring[i], self -> ringMember(self, index, ring[(index + 1) % size], flag, hops));
    }
    startAll(threads);
    long start = System.nanoTime();
    ring[0].put(new Token(0));
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    joinAll(threads);
    return new Round(hops[0], nanos);
  }

  private static void ringMember(RawMailbox self, int index, RawMailbox next, Flag flag, long[] hops)
      throws InterruptedException {
    while (true) {
      Object m = self.take();
      if (m instanceof Token(long h)) {
        if (flag.stop) {
          hops[0] = h;
          next.put(new RingStop(index));
        } else {
          next.put(new Token(h + 1));
        }
      } else {
        RingStop stop = (RingStop) m;
        if (stop.initiator() != index) {
          next.put(stop);
        }
        return;
      }
    }
  }

  private Round fanIn(Workload w, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    long[] taken = new long[2];
    Credit grant = new Credit(w.ackEvery());
    RawMailbox receiver = mailboxes.get();
    Thread receiverThread = thread(receiver, self -> {
      long n = 0;
      do {
        Item item = (Item) self.take();
        n++;
        if (item.ack()) {
          ((RawMailbox) item.from()).put(grant);
        }
      } while (!flag.stop);
      taken[0] = n;
      taken[1] = self.size();
    });
    int ackEvery = w.ackEvery();
    RawMailbox[] senders = new RawMailbox[w.size()];
    Thread[] senderThreads = new Thread[w.size()];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = mailboxes.get();
      senderThreads[i] = thread(senders[i], self -> sender(self, receiver, ackEvery));
    }
    receiverThread.start();
    startAll(senderThreads);
    Credit window = new Credit(w.window());
    long start = System.nanoTime();
    for (RawMailbox sender : senders) {
      sender.put(window);
    }
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    receiverThread.join();
    for (Thread t : senderThreads) {
      t.interrupt();
    }
    joinAll(senderThreads);
    return new Round(taken[0], nanos, taken[1], null);
  }

  // Sends for as long as credit comes, until interrupted, as in RusmMessaging.
  private static void sender(RawMailbox self, RawMailbox receiver, int ackEvery) throws InterruptedException {
    long sent = 0;
    while (true) {
      Credit credit = (Credit) self.take();
      for (int i = 0; i < credit.n(); i++) {
        receiver.put(new Item(self, ++sent % ackEvery == 0));
      }
    }
  }

  private static void startAll(Thread[] threads) {
    for (Thread t : threads) {
      t.start();
    }
  }

  private static void joinAll(Thread[] threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }
}
