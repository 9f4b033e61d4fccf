package io.rusm.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rusm.bench.Messages.Ball;
import io.rusm.bench.Messages.Credit;
import io.rusm.bench.Messages.Item;
import io.rusm.bench.Messages.RingStop;
import io.rusm.bench.Messages.Token;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The messaging workloads on Apache Pekko typed actors in this JVM: the actor runtime a Spring team would
 * otherwise pick. One actor system serves every round; its default dispatcher is a fork-join pool pinned
 * to two threads, configured here in code (with Pekko's own reference defaults underneath, and no {@code
 * application.conf} read), and it logs nothing. Each round spawns fresh actors, which stop at its end; an
 * actor's {@link PostStop} counts it out, so a round returns once all of them have stopped.
 *
 * <p>The actors run the same protocol with the same messages as the processes: a ping answers each ball
 * until it sees the stop flag; the token holder that sees the flag sends the stop around the ring; a
 * fan-in sender sends one message per credit, each {@link Workload#ackEvery()}-th asking for more. The
 * fan-in backlog is not measured: Pekko has no public mailbox length.
 */
final class PekkoPeer implements MessagingSide {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final AtomicLong names = new AtomicLong();

  private PekkoPeer(ActorSystem<Void> system) {
    this.system = system;
  }

  /** The configuration: Pekko's reference defaults with a two-thread default dispatcher and no logging. */
  static Config config(int threads) {
    return ConfigFactory.parseString("""
        pekko {
          loglevel = "OFF"
          stdout-loglevel = "OFF"
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          jvm-shutdown-hooks = off
          coordinated-shutdown.run-by-jvm-shutdown-hook = off
          actor.default-dispatcher {
            executor = "fork-join-executor"
            fork-join-executor {
              parallelism-min = %d
              parallelism-max = %d
              parallelism-factor = 1.0
            }
          }
        }
        """.formatted(threads, threads))
        .withFallback(ConfigFactory.defaultReference(PekkoPeer.class.getClassLoader()))
        .resolve();
  }

  static PekkoPeer start() {
    return new PekkoPeer(ActorSystem.create(Behaviors.empty(), "msgbench", config(2)));
  }

  @Override
  public String label() {
    return "pekko";
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** One round's stop signal and the count of its actors still running. */
  private static final class RoundState {
    volatile boolean stop;
    final CountDownLatch stopped;

    RoundState(int actors) {
      stopped = new CountDownLatch(actors);
    }

    void await() throws InterruptedException {
      if (!stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("pekko actors did not stop within " + STOP_TIMEOUT);
      }
    }
  }

  private ActorRef<Object> spawn(Behavior<Object> behavior) {
    return system.systemActorOf(behavior, "a" + names.incrementAndGet(), Props.empty());
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Object> ref(Object from) {
    return (ActorRef<Object>) from;
  }

  /** An actor that counts itself out of its round when it stops. */
  private abstract static class Actor extends AbstractBehavior<Object> {
    final RoundState round;

    Actor(ActorContext<Object> ctx, RoundState round) {
      super(ctx);
      this.round = round;
    }

    abstract Behavior<Object> on(Object message);

    @Override
    public Receive<Object> createReceive() {
      return newReceiveBuilder().onAnyMessage(this::on).onSignal(PostStop.class, s -> {
        round.stopped.countDown();
        return this;
      }).build();
    }
  }

  @Override
  public Round run(Workload w, Duration duration) throws InterruptedException {
    return switch (w.kind()) {
      case PING_PONG -> pingPong(w.size(), duration);
      case RING -> ring(w.size(), duration);
      case FAN_IN -> fanIn(w, duration);
    };
  }

  private Round pingPong(int pairs, Duration duration) throws InterruptedException {
    RoundState round = new RoundState(2 * pairs);
    LongAdder messages = new LongAdder();
    @SuppressWarnings("unchecked")
    ActorRef<Object>[] pings = new ActorRef[pairs];
    for (int i = 0; i < pairs; i++) {
      ActorRef<Object> pong = spawn(Behaviors.setup(ctx -> new Pong(ctx, round)));
      pings[i] = spawn(Behaviors.setup(ctx -> new Ping(ctx, round, pong, messages)));
    }
    long start = System.nanoTime();
    for (ActorRef<Object> ping : pings) {
      ping.tell(Messages.GO);
    }
    Thread.sleep(duration);
    round.stop = true;
    long nanos = System.nanoTime() - start;
    round.await();
    return new Round(messages.sum(), nanos);
  }

  private static final class Ping extends Actor {
    private final ActorRef<Object> pong;
    private final LongAdder messages;
    private long trips;

    Ping(ActorContext<Object> ctx, RoundState round, ActorRef<Object> pong, LongAdder messages) {
      super(ctx, round);
      this.pong = pong;
      this.messages = messages;
    }

    @Override
    Behavior<Object> on(Object message) {
      if (message instanceof Ball) {
        trips++;
        if (round.stop) {
          pong.tell(Messages.STOP);
          messages.add(2 * trips);
          return Behaviors.stopped();
        }
      }
      pong.tell(new Ball(getContext().getSelf()));
      return this;
    }
  }

  private static final class Pong extends Actor {
    Pong(ActorContext<Object> ctx, RoundState round) {
      super(ctx, round);
    }

    @Override
    Behavior<Object> on(Object message) {
      if (message instanceof Ball(Object from)) {
        ref(from).tell(new Ball(getContext().getSelf()));
        return this;
      }
      return Behaviors.stopped();
    }
  }

  private Round ring(int size, Duration duration) throws InterruptedException {
    RoundState round = new RoundState(size);
    long[] hops = new long[1];
    // Filled before the first token is sent: a tell hands the message over through the mailbox's queue,
    // so an actor that reads its next after receiving sees what was written before that first tell.
    @SuppressWarnings("unchecked")
    ActorRef<Object>[] ring = new ActorRef[size];
    for (int i = 0; i < size; i++) {
      int index = i;
      ring[i] = spawn(Behaviors.setup(ctx -> new RingMember(ctx, round, index, ring, hops)));
    }
    long start = System.nanoTime();
    ring[0].tell(new Token(0));
    Thread.sleep(duration);
    round.stop = true;
    long nanos = System.nanoTime() - start;
    round.await();
    return new Round(hops[0], nanos);
  }

  private static final class RingMember extends Actor {
    private final int index;
    private final ActorRef<Object>[] ring;
    private final long[] hops;

    RingMember(ActorContext<Object> ctx, RoundState round, int index, ActorRef<Object>[] ring, long[] hops) {
      super(ctx, round);
      this.index = index;
      this.ring = ring;
      this.hops = hops;
    }

    @Override
    Behavior<Object> on(Object message) {
      ActorRef<Object> next = ring[(index + 1) % ring.length];
      if (message instanceof Token(long h)) {
        if (round.stop) {
          hops[0] = h;
          next.tell(new RingStop(index));
        } else {
          next.tell(new Token(h + 1));
        }
        return this;
      }
      RingStop stop = (RingStop) message;
      if (stop.initiator() != index) {
        next.tell(stop);
      }
      return Behaviors.stopped();
    }
  }

  private Round fanIn(Workload w, Duration duration) throws InterruptedException {
    RoundState round = new RoundState(w.size() + 1);
    long[] taken = new long[1];
    ActorRef<Object> receiver = spawn(Behaviors.setup(ctx -> new FanInReceiver(ctx, round, w.ackEvery(), taken)));
    @SuppressWarnings("unchecked")
    ActorRef<Object>[] senders = new ActorRef[w.size()];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = spawn(Behaviors.setup(ctx -> new FanInSender(ctx, round, receiver, w.ackEvery())));
    }
    Credit window = new Credit(w.window());
    long start = System.nanoTime();
    for (ActorRef<Object> sender : senders) {
      sender.tell(window);
    }
    Thread.sleep(duration);
    round.stop = true;
    long nanos = System.nanoTime() - start;
    // Senders left waiting for credit the receiver will never grant: stop them.
    for (ActorRef<Object> sender : senders) {
      sender.tell(Messages.STOP);
    }
    round.await();
    return new Round(taken[0], nanos);
  }

  private static final class FanInReceiver extends Actor {
    private final Credit grant;
    private final long[] taken;
    private long n;

    FanInReceiver(ActorContext<Object> ctx, RoundState round, int ackEvery, long[] taken) {
      super(ctx, round);
      this.grant = new Credit(ackEvery);
      this.taken = taken;
    }

    @Override
    Behavior<Object> on(Object message) {
      Item item = (Item) message;
      n++;
      if (item.ack()) {
        ref(item.from()).tell(grant);
      }
      if (round.stop) {
        taken[0] = n;
        return Behaviors.stopped();
      }
      return this;
    }
  }

  private static final class FanInSender extends Actor {
    private final ActorRef<Object> receiver;
    private final int ackEvery;
    private long sent;

    FanInSender(ActorContext<Object> ctx, RoundState round, ActorRef<Object> receiver, int ackEvery) {
      super(ctx, round);
      this.receiver = receiver;
      this.ackEvery = ackEvery;
    }

    @Override
    Behavior<Object> on(Object message) {
      // Sends for as long as credit comes, until told to stop, as in RusmMessaging.
      if (!(message instanceof Credit(int n))) {
        return Behaviors.stopped();
      }
      ActorRef<Object> self = getContext().getSelf();
      for (int i = 0; i < n; i++) {
        receiver.tell(new Item(self, ++sent % ackEvery == 0));
      }
      return this;
    }
  }
}
