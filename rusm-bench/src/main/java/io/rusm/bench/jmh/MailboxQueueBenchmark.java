package io.rusm.bench.jmh;

import io.rusm.internal.Mailbox;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscLinkedQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mailbox's queue against the unbounded multi-producer queues it could have been built on, with no
 * process or thread hand-off around them: what the queue alone costs a send and a receive.
 *
 * <ul>
 *   <li>{@code offerPoll}: one thread puts a message in an empty queue and takes it out again, a message
 *       to a receiver that takes it at once (ping-pong, request/reply).
 *   <li>{@code transfer}: a producer on one core and the consumer on the other, the consumer's rate in
 *       messages taken, with the producer held to at most {@value #MAX_BACKLOG} messages ahead so the
 *       queue stays bounded (fan-in's one hot receiver).
 * </ul>
 *
 * <p>The queues: rusm's {@link Mailbox} (a Vyukov-style linked list, unpadded, the mailbox its own first
 * stub), {@link ConcurrentLinkedQueue} and {@link LinkedTransferQueue} from the JDK, and JCTools' {@link
 * MpscLinkedQueue} (the same algorithm, padded against false sharing) and {@link
 * MpscUnboundedXaddArrayQueue} (linked chunks of an array, one fetch-and-add per offer).
 */
@State(Scope.Group)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MailboxQueueBenchmark {

  /** The most messages the producer of {@code transfer} may be ahead of its consumer. */
  static final int MAX_BACKLOG = 1 << 16;

  // Slots per chunk of the xadd queue.
  private static final int XADD_CHUNK = 1_024;

  private static final Object MESSAGE = "message";

  /** The queue under test. */
  @Param({"rusm-mailbox", "concurrent-linked", "linked-transfer", "jctools-mpsc-linked",
      "jctools-mpsc-xadd"})
  public String queue;

  private Channel channel;

  // Written by the consumer (release), read by the producer, every so often: the producer's bound.
  private volatile long taken;

  // The producer's own count of what it sent; only the producer thread touches it.
  private long sent;

  // The consumer's own count of what it took, for the producer's bound; only the consumer thread
  // touches it. Apart from Taken.messages, which JMH reports and resets with its own state, so that the
  // bound and `sent` are always reset together, here.
  private long consumed;

  /** One queue behind the operations the benchmark needs. */
  interface Channel {
    void offer(Object message);

    Object poll();
  }

  private record MailboxChannel(Mailbox mailbox) implements Channel {
    @Override
    public void offer(Object message) {
      // No owner waits: a receive that parks is not what this measures.
      mailbox.offer(message, null);
    }

    @Override
    public Object poll() {
      try {
        return mailbox.take(0);
      } catch (InterruptedException e) {
        throw new IllegalStateException("a poll does not wait", e);
      }
    }
  }

  private record QueueChannel(Queue<Object> queue) implements Channel {
    @Override
    public void offer(Object message) {
      queue.offer(message);
    }

    @Override
    public Object poll() {
      return queue.poll();
    }
  }

  @Setup(Level.Iteration)
  public void setUp() {
    channel = switch (queue) {
      case "rusm-mailbox" -> new MailboxChannel(new Mailbox());
      case "concurrent-linked" -> new QueueChannel(new ConcurrentLinkedQueue<>());
      case "linked-transfer" -> new QueueChannel(new LinkedTransferQueue<>());
      case "jctools-mpsc-linked" -> new QueueChannel(new MpscLinkedQueue<>());
      case "jctools-mpsc-xadd" -> new QueueChannel(new MpscUnboundedXaddArrayQueue<>(XADD_CHUNK));
      default -> throw new IllegalArgumentException("no such queue: " + queue);
    };
    taken = 0;
    sent = 0;
    consumed = 0;
  }

  /** Offer, then poll, on one thread: the queue's cost for a message taken at once. */
  @Benchmark
  @Group("offerPoll")
  @GroupThreads(1)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Object offerPoll() {
    channel.offer(MESSAGE);
    return channel.poll();
  }

  /** Messages the consumer took, counted as the benchmark's operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Taken {
    public long messages;
    public long empty;

    @Setup(Level.Iteration)
    public void reset() {
      messages = 0;
      empty = 0;
    }
  }

  /** The producer: offers while it is fewer than MAX_BACKLOG ahead of the consumer. */
  @Benchmark
  @Group("transfer")
  @GroupThreads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void produce() {
    if (sent - taken < MAX_BACKLOG) {
      channel.offer(MESSAGE);
      sent++;
    } else {
      Thread.onSpinWait();
    }
  }

  /** The consumer: one poll, counted in {@link Taken#messages} when it took one. */
  @Benchmark
  @Group("transfer")
  @GroupThreads(1)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void consume(Taken counts) {
    if (channel.poll() != null) {
      counts.messages++;
      if ((++consumed & 1023) == 0) {
        taken = consumed;
      }
    } else {
      counts.empty++;
      Thread.onSpinWait();
    }
  }
}
