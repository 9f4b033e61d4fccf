package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Senders on platform threads and in processes, receivers of every kind killed mid-receive and replaced,
 * selective receives and timeouts racing the sends, calls and asks among them: at the end every counter
 * agrees with what the participants counted themselves, both identities hold, and the table is empty.
 */
class MessagingStressTest {

  private static final int RECEIVERS = 64;
  private static final int SENDER_THREADS = 3;
  private static final int SENDER_PROCESSES = 8;
  private static final int SENDS_EACH = 20_000;
  private static final Duration SHORT = Duration.ofMillis(1);

  record Note(int n) {}

  record Ask(ReplyTo<Integer> replyTo) {}

  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder taken = new LongAdder();
  private final LongAdder replies = new LongAdder();
  private final LongAdder callsUnanswered = new LongAdder();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyMessageIsCountedOnceWhateverRacesIt() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build()) {
      AtomicReferenceArray<ProcessRef> receivers = new AtomicReferenceArray<>(RECEIVERS);
      for (int i = 0; i < RECEIVERS; i++) {
        receivers.set(i, runtime.spawn(receiver(i)));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> threads = new ArrayList<>();
      List<ProcessRef> senderProcesses = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(SENDER_THREADS + 1)) {
        for (int s = 0; s < SENDER_THREADS; s++) {
          long seed = s;
          threads.add(pool.submit(() -> {
            go.await();
            sendAtRandom(runtime, receivers, new SplittableRandom(seed), null);
            return null;
          }));
        }
        for (int s = 0; s < SENDER_PROCESSES; s++) {
          long seed = 100 + s;
          senderProcesses.add(runtime.spawn(ctx -> {
            go.await();
            sendAtRandom(runtime, receivers, new SplittableRandom(seed), ctx);
          }));
        }
        // The killer: receivers die mid-receive and are replaced, so sends race exits.
        threads.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(42);
          go.await();
          for (int k = 0; k < 2_000; k++) {
            int i = random.nextInt(RECEIVERS);
            ProcessRef victim = receivers.get(i);
            victim.kill();
            victim.join();
            receivers.set(i, runtime.spawn(receiver(i)));
            Thread.yield();
          }
          return null;
        }));
        go.countDown();
        for (Future<?> f : threads) {
          f.get();
        }
      }
      for (ProcessRef p : senderProcesses) {
        assertThat(p.join()).isEqualTo(Exit.normal());
      }
      for (int i = 0; i < RECEIVERS; i++) {
        receivers.get(i).kill();
        receivers.get(i).join();
      }
      // live() drops a moment after a joined process stops being alive: shutdown waits for it.
      assertThat(runtime.shutdown(Duration.ZERO, Duration.ofSeconds(30))).isTrue();
      assertThat(runtime.live()).isZero();
      assertThat(runtime.processes(10)).isEmpty();
      assertThat(runtime.messagesSent()).isEqualTo(runtime.messagesDelivered() + runtime.deadLetters());
      assertThat(runtime.messagesDelivered())
          .isEqualTo(runtime.messagesReceived() + runtime.messagesDropped());
      // What the participants saw: every send accepted or refused, and replies on top.
      assertThat(runtime.messagesSent())
          .isEqualTo(accepted.sum() + refused.sum() + replies.sum() + callsUnanswered.sum());
      assertThat(runtime.messagesReceived()).isEqualTo(taken.sum() + replies.sum());
      assertThat(accepted.sum()).isPositive();
      assertThat(refused.sum()).isPositive();
      assertThat(runtime.messagesDropped()).isPositive();
    }
  }

  private void sendAtRandom(ProcessRuntime runtime, AtomicReferenceArray<ProcessRef> receivers,
      SplittableRandom random, ProcessContext self) throws Exception {
    for (int n = 0; n < SENDS_EACH; n++) {
      ProcessRef to = receivers.get(random.nextInt(RECEIVERS));
      int kind = random.nextInt(100);
      if (kind < 2 && self != null) {
        call(self, to);
      } else if (kind < 4 && self == null) {
        ask(runtime, to);
      } else {
        boolean ok = kind % 2 == 0 ? to.send(new Note(n)) : runtime.send(to.pid(), new Note(n));
        (ok ? accepted : refused).increment();
      }
    }
  }

  private void call(ProcessContext self, ProcessRef to) throws InterruptedException {
    try {
      self.<Integer>call(to.pid(), Ask::new, SHORT);
      accepted.increment();
      replies.increment();
    } catch (NoSuchProcessException e) {
      refused.increment();
    } catch (java.util.concurrent.TimeoutException | ProcessExitedException e) {
      // The request was delivered (and dropped at exit, if it ended); a reply, if any, is a dead letter.
      accepted.increment();
    }
  }

  private void ask(ProcessRuntime runtime, ProcessRef to) throws InterruptedException {
    try {
      runtime.<Integer>ask(to.pid(), Ask::new, SHORT).get();
      accepted.increment();
      replies.increment();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof NoSuchProcessException) {
        refused.increment();
      } else {
        accepted.increment();
      }
    }
  }

  /** A receiver that takes messages in every way there is, and answers asks (late, sometimes). */
  private ProcessBody receiver(int index) {
    return ctx -> {
      SplittableRandom random = new SplittableRandom(index);
      while (true) {
        Object m = switch (random.nextInt(5)) {
          case 0 -> ctx.receive();
          case 1 -> ctx.receive(SHORT).orElse(null);
          case 2 -> ctx.receive(x -> x instanceof Note note && note.n() % 3 == 0, SHORT).orElse(null);
          case 3 -> ctx.receive(Ask.class, SHORT).orElse(null);
          default -> ctx.receiveMatch(x -> x instanceof Note note && note.n() % 2 == 0 ? note : null,
              Duration.ZERO).orElse(null);
        };
        if (m != null) {
          taken.increment();
          if (m instanceof Ask(ReplyTo<Integer> replyTo)) {
            if (!replyTo.reply(index)) {
              callsUnanswered.increment();
            }
          }
        }
      }
    };
  }
}
