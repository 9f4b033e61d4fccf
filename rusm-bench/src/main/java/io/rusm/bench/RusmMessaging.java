package io.rusm.bench;

import io.rusm.ProcessContext;
import io.rusm.ProcessInfo;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.bench.Messages.Ball;
import io.rusm.bench.Messages.Credit;
import io.rusm.bench.Messages.Item;
import io.rusm.bench.Messages.RingStop;
import io.rusm.bench.Messages.Token;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The messaging workloads on a {@link ProcessRuntime}: processes that {@link ProcessRef#send send} and
 * {@link ProcessContext#receive() receive}. One runtime serves every round, as it would an application;
 * after each round, with every process of it joined, the runtime's message counters must balance: sent
 * == delivered + dead letters, and delivered == received + dropped.
 */
final class RusmMessaging implements MessagingSide {

  private final ProcessRuntime runtime;

  RusmMessaging(ProcessRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String label() {
    return "rusm";
  }

  /** One round's stop signal: set by the driver, read by the processes once per message. */
  private static final class Flag {
    volatile boolean stop;
  }

  @Override
  public Round run(Workload w, Duration duration) throws InterruptedException {
    Round r = switch (w.kind()) {
      case PING_PONG -> pingPong(w.size(), duration);
      case RING -> ring(w.size(), duration);
      case FAN_IN -> fanIn(w, duration);
    };
    return new Round(r.messages(), r.nanos(), r.backlog(), balanced(runtime));
  }

  /** Whether the runtime's message counters balance; meaningful when no process is sending or receiving. */
  static boolean balanced(ProcessRuntime rt) {
    long delivered = rt.messagesDelivered();
    return rt.messagesSent() == delivered + rt.deadLetters()
        && delivered == rt.messagesReceived() + rt.messagesDropped();
  }

  /** The counters, in one line. */
  static String counters(ProcessRuntime rt) {
    return "sent " + Format.count(rt.messagesSent()) + " = delivered " + Format.count(rt.messagesDelivered())
        + " + dead letters " + Format.count(rt.deadLetters()) + "; delivered = received "
        + Format.count(rt.messagesReceived()) + " + dropped " + Format.count(rt.messagesDropped());
  }

  private static ProcessRef self(ProcessContext ctx) {
    return ctx.runtime().find(ctx.self()).orElseThrow();
  }

  private Round pingPong(int pairs, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    LongAdder messages = new LongAdder();
    ProcessRef[] pongs = new ProcessRef[pairs];
    ProcessRef[] pings = new ProcessRef[pairs];
    for (int i = 0; i < pairs; i++) {
      pongs[i] = runtime.spawn(RusmMessaging::pong);
      ProcessRef pong = pongs[i];
      pings[i] = runtime.spawn(ctx -> ping(ctx, pong, flag, messages));
    }
    long start = System.nanoTime();
    for (ProcessRef ping : pings) {
      ping.send(Messages.GO);
    }
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    joinAll(pings);
    joinAll(pongs);
    return new Round(messages.sum(), nanos);
  }

  private static void ping(ProcessContext ctx, ProcessRef pong, Flag flag, LongAdder messages)
      throws InterruptedException {
    ProcessRef me = self(ctx);
    ctx.receive();
    long trips = 0;
    do {
      pong.send(new Ball(me));
      ctx.receive();
      trips++;
    } while (!flag.stop);
    pong.send(Messages.STOP);
    messages.add(2 * trips);
  }

  private static void pong(ProcessContext ctx) throws InterruptedException {
    ProcessRef me = self(ctx);
    while (ctx.receive() instanceof Ball(Object from)) {
      ((ProcessRef) from).send(new Ball(me));
    }
  }

  private Round ring(int size, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    long[] hops = new long[1];
    // Filled before the first token is sent: each process reads its next only after its first receive,
    // and the send that delivered that message happens-after these writes.
    ProcessRef[] ring = new ProcessRef[size];
    for (int i = 0; i < size; i++) {
      int index = i;
      ring[i] = runtime.spawn(ctx -> ringMember(ctx, index, ring, flag, hops));
    }
    long start = System.nanoTime();
    ring[0].send(new Token(0));
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    joinAll(ring);
    // hops[0] was written by the token holder before it exited; the join orders that write before this read.
    return new Round(hops[0], nanos);
  }

  private static void ringMember(ProcessContext ctx, int index, ProcessRef[] ring, Flag flag, long[] hops)
      throws InterruptedException {
    ProcessRef next = null;
    while (true) {
      Object m = ctx.receive();
      if (next == null) {
        next = ring[(index + 1) % ring.length];
      }
      if (m instanceof Token(long h)) {
        if (flag.stop) {
          hops[0] = h;
          next.send(new RingStop(index));
        } else {
          next.send(new Token(h + 1));
        }
      } else {
        RingStop stop = (RingStop) m;
        if (stop.initiator() != index) {
          next.send(stop);
        }
        return;
      }
    }
  }

  private Round fanIn(Workload w, Duration duration) throws InterruptedException {
    Flag flag = new Flag();
    long[] taken = new long[2];
    Credit grant = new Credit(w.ackEvery());
    ProcessRef receiver = runtime.spawn(ctx -> {
      long n = 0;
      do {
        Item item = (Item) ctx.receive();
        n++;
        if (item.ack()) {
          ((ProcessRef) item.from()).send(grant);
        }
      } while (!flag.stop);
      taken[0] = n;
      taken[1] = ctx.runtime().info(ctx.self()).map(ProcessInfo::mailboxLength).orElse(-1L);
    });
    int ackEvery = w.ackEvery();
    ProcessRef[] senders = new ProcessRef[w.size()];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = runtime.spawn(ctx -> sender(ctx, receiver, ackEvery));
    }
    Credit window = new Credit(w.window());
    long start = System.nanoTime();
    for (ProcessRef sender : senders) {
      sender.send(window);
    }
    Thread.sleep(duration);
    flag.stop = true;
    long nanos = System.nanoTime() - start;
    receiver.join();
    // Senders left waiting for credit the receiver will never grant now: a kill ends their receive.
    for (ProcessRef sender : senders) {
      sender.kill();
    }
    joinAll(senders);
    return new Round(taken[0], nanos, taken[1], null);
  }

  // Sends for as long as credit comes, until killed, as the BEAM peer's senders do: a sender that stopped
  // at the flag could leave the receiver, which looks at the flag only after taking a message, waiting
  // for ever for one no sender would send.
  private static void sender(ProcessContext ctx, ProcessRef receiver, int ackEvery) throws InterruptedException {
    ProcessRef me = self(ctx);
    long sent = 0;
    while (true) {
      Credit credit = (Credit) ctx.receive();
      for (int i = 0; i < credit.n(); i++) {
        receiver.send(new Item(me, ++sent % ackEvery == 0));
      }
    }
  }

  private static void joinAll(ProcessRef[] refs) throws InterruptedException {
    for (ProcessRef r : refs) {
      r.join();
    }
  }
}
