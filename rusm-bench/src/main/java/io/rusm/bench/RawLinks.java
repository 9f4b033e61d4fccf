package io.rusm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline the link and monitor workloads are measured against: the same workloads on raw virtual
 * threads, with the least a hand-rolled runtime needs to do them. Each thread has a {@link
 * RawMailbox.Park} mailbox, an id in a {@link ConcurrentHashMap} table and a place in a live count, and
 * in a {@code finally} it signals whoever depends on it, leaves the table and counts itself out. A kill is
 * an interrupt; a link is the dying thread interrupting its dependants (the star's hub its children, each
 * link of the chain the next); a monitor is a watcher's mailbox in a list its target walks as it ends,
 * putting a message in each; the storm's children put one in their parent's. No exit reasons, no
 * unlinking, no trapping choice, no bookkeeping left to clear: the JVM's floor for each workload.
 */
final class RawLinks {

  private static final long POLL_NANOS = 1_000_000;
  private static final Object DOWN = "down";
  private static final Object EXIT = "exit";

  // Live threads by id: what each thread joins at its start and leaves at its end.
  private final ConcurrentHashMap<Long, Thread> table = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  // Threads started and not yet ended; the round is over when it is back to zero.
  private final AtomicLong live = new AtomicLong();

  /** One round of {@code kind} with {@code n} threads: nanos to set up and from the cause to the end. */
  LinkCommand.Round run(LinkCommand.Kind kind, int n) throws InterruptedException, ExecutionException {
    if (kind == LinkCommand.Kind.STORM) {
      return new LinkCommand.Round(0, storm(n));
    }
    LongAdder ready = new LongAdder();
    long start = System.nanoTime();
    Thread victim = switch (kind) {
      case STAR -> star(n, ready);
      case CHAIN -> start(new RawMailbox.Park(), chain(n - 1, ready));
      case MONITOR -> fan(n, ready);
      case STORM -> throw new AssertionError();
    };
    while (ready.sum() < n) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    long cause = System.nanoTime();
    victim.interrupt();
    while (live.get() > 0) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    return new LinkCommand.Round(cause - start, System.nanoTime() - cause);
  }

  /** Whether every thread this baseline started has ended and left the table. */
  boolean isEmpty() {
    return live.get() == 0 && table.isEmpty();
  }

  /** A thread owning {@code box} that runs {@code body} and then, whatever happened, {@code atEnd}. */
  private Thread start(RawMailbox box, Body body) {
    long id = ids.incrementAndGet();
    live.incrementAndGet();
    Thread t = Thread.ofVirtual().unstarted(() -> {
      try {
        body.run(box);
      } catch (InterruptedException killed) {
        // the kill, or a linked thread's end
      } finally {
        table.remove(id);
        live.decrementAndGet();
      }
    });
    box.owner = t;
    table.put(id, t);
    t.start();
    return t;
  }

  private interface Body {
    void run(RawMailbox self) throws InterruptedException;
  }

  // The hub starts its children, then waits; as it ends, it interrupts each one.
  private Thread star(int n, LongAdder ready) {
    return start(new RawMailbox.Park(), self -> {
      List<Thread> children = new ArrayList<>(n);
      try {
        for (int i = 0; i < n; i++) {
          children.add(start(new RawMailbox.Park(), child -> {
            ready.increment();
            child.take();
          }));
        }
        self.take();
      } finally {
        for (Thread child : children) {
          child.interrupt();
        }
      }
    });
  }

  // Each link starts the next, then waits; as it ends, it interrupts the next.
  private Body chain(int left, LongAdder ready) {
    return self -> {
      Thread next = left > 0 ? start(new RawMailbox.Park(), chain(left - 1, ready)) : null;
      try {
        ready.increment();
        self.take();
      } finally {
        if (next != null) {
          next.interrupt();
        }
      }
    };
  }

  // The watchers put their mailboxes in the target's list, then wait for a message; as the target ends,
  // it puts one in each.
  private Thread fan(int n, LongAdder ready) {
    List<RawMailbox> watchers = new ArrayList<>(n);
    Thread target = start(new RawMailbox.Park(), self -> {
      try {
        self.take();
      } finally {
        synchronized (watchers) {
          for (RawMailbox w : watchers) {
            w.put(DOWN);
          }
        }
      }
    });
    for (int i = 0; i < n; i++) {
      start(new RawMailbox.Park(), self -> {
        synchronized (watchers) {
          watchers.add(self);
        }
        ready.increment();
        self.take();
      });
    }
    return target;
  }

  // The parent starts children while fewer than STORM_ALIVE are alive, and counts the message each puts
  // in its mailbox as it ends; nanos from the start to the N-th.
  private long storm(int n) throws InterruptedException, ExecutionException {
    CompletableFuture<Long> done = new CompletableFuture<>();
    long start = System.nanoTime();
    start(new RawMailbox.Park(), parent -> {
      int left = n;
      int alive = 0;
      while (left > 0 || alive > 0) {
        if (left > 0 && alive < LinkCommand.STORM_ALIVE) {
          start(new RawMailbox.Park(), child -> parent.put(EXIT));
          left--;
          alive++;
        } else {
          parent.take();
          alive--;
        }
      }
      done.complete(System.nanoTime());
    });
    long end = done.get();
    while (live.get() > 0) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    return end - start;
  }
}
