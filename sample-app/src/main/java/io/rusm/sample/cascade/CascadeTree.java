package io.rusm.sample.cascade;

import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessBody;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One tree of linked processes, built and taken down once. Process {@code i} spawns, with {@code spawnLink}
 * from its own body, processes {@code i * fanOut + 1} to {@code i * fanOut + fanOut} (those below the size),
 * then waits in {@code receive}: every process is linked to its parent, so a kill anywhere takes the whole
 * tree down.
 *
 * <p>Each exit is seen through {@link ProcessRef#onExit()}, registered by the parent as soon as {@code
 * spawnLink} returns (by the spawning thread for the root). That adds no link and no monitor to the tree,
 * and the future completes on the exiting process's own thread as the last step of its exit, after it has
 * left the table and signalled its links: the time taken there is the moment that process was gone.
 */
final class CascadeTree {

  private final String name;
  private final int size;
  private final int fanOut;
  private final LongAdder spawned;
  private final LongAdder exits;
  // Each slot is written once: the root's by the spawning thread, which later waits for built; every other
  // one by its parent before the parent counts itself in ready. The increment that reaches size completes
  // built, so whoever has waited for built sees every slot.
  private final Pid[] pids;
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger exited = new AtomicInteger();
  private final AtomicLong lastExitNanos = new AtomicLong(Long.MIN_VALUE);
  private final CompletableFuture<Void> built = new CompletableFuture<>();
  private final CompletableFuture<Long> down = new CompletableFuture<>();
  private ProcessRef root;

  private CascadeTree(String name, int size, int fanOut, LongAdder spawned, LongAdder exits) {
    this.name = name;
    this.size = size;
    this.fanOut = fanOut;
    this.spawned = spawned;
    this.exits = exits;
    this.pids = new Pid[size];
  }

  /**
   * Spawns the root, which starts the tree building itself; every process of it is named {@code name}.
   * {@code spawned} and {@code exits} count its processes as they are spawned and as they exit.
   */
  static CascadeTree spawn(ProcessRuntime runtime, String name, int size, int fanOut, LongAdder spawned,
      LongAdder exits) {
    CascadeTree tree = new CascadeTree(name, size, fanOut, spawned, exits);
    tree.root = runtime.spawn(name, tree.body(0));
    tree.track(0, tree.root);
    return tree;
  }

  /**
   * Waits until every process of the tree has spawned its children.
   *
   * @throws IllegalStateException if a process of the tree exited first (a spawn was refused, say) or the
   *     tree was not built within {@code timeout}; the tree is then killed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void awaitBuilt(Duration timeout) throws InterruptedException {
    try {
      built.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      root.kill();
      throw new IllegalStateException("a tree of " + size + " could not be built: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      root.kill();
      throw new IllegalStateException("a tree of " + size + " was not built within " + timeout + ": "
          + ready.get() + " processes had spawned their children");
    }
  }

  /**
   * Kills process {@code index} of a built tree with {@link ProcessRuntime#kill(Pid)} and waits until every
   * process of the tree has exited.
   *
   * @return nanoseconds from just before the kill to the last exit
   * @throws IllegalStateException if the process had already exited, or the tree was not down within
   *     {@code timeout}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  long killAndAwaitDown(ProcessRuntime runtime, int index, Duration timeout) throws InterruptedException {
    Pid victim = pids[index];
    long killedAt = System.nanoTime();
    if (!runtime.kill(victim)) {
      throw new IllegalStateException(victim + " of a built tree had exited before its kill");
    }
    try {
      return down.get(timeout.toNanos(), TimeUnit.NANOSECONDS) - killedAt;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a tree of " + size + " was not down within " + timeout + " of the kill of "
          + victim + ": " + exited.get() + " processes had exited");
    }
  }

  private ProcessBody body(int index) {
    return ctx -> {
      long first = (long) index * fanOut + 1;
      long end = Math.min(first + fanOut, size);
      for (long child = first; child < end; child++) {
        track((int) child, ctx.spawnLink(name, body((int) child)));
      }
      if (ready.incrementAndGet() == size) {
        built.complete(null);
      }
      while (true) {
        ctx.receive();
      }
    };
  }

  private void track(int index, ProcessRef process) {
    pids[index] = process.pid();
    spawned.increment();
    process.onExit().thenAccept(this::exited);
  }

  private void exited(Exit exit) {
    lastExitNanos.accumulateAndGet(System.nanoTime(), Math::max);
    exits.increment();
    if (!built.isDone()) {
      built.completeExceptionally(new IllegalStateException("a process of the tree exited before the tree was"
          + " built: " + exit));
    }
    // Each exit has taken its time before it counts, so the one that completes the count reads the last.
    if (exited.incrementAndGet() == size) {
      down.complete(lastExitNanos.get());
    }
  }
}
