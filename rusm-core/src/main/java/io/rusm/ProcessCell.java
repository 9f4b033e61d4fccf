package io.rusm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One process: its table entry, its virtual thread's {@link Runnable}, the reference given to callers and
 * the context given to its body, all in one object so a spawn allocates nothing else of its own.
 *
 * <h2>States and who moves them</h2>
 * <pre>
 *   NEW ──(own thread, at start)──▶ RUNNING ──(own thread, body returned or threw)──▶ DONE
 *    │                                  │
 *    └──(kill, any thread)──▶ KILLED ◀──┘ (kill, any thread; then interrupts the thread)
 * </pre>
 * Every move is a compare-and-set on {@link #state}, so exactly one of "the body starts" and "a kill
 * lands first" wins. A kill that lands in NEW means the body never runs; the Java spec allows an
 * interrupt of a not-yet-started thread to be lost, which is why the state word, not the interrupt,
 * carries the kill. Whatever the path, {@link #run()} ends in its {@code finally}, on the process's own
 * thread, by handing the exit to the runtime: the Java form of a Drop guard.
 */
final class ProcessCell implements ProcessRef, ProcessContext, Runnable {

  // Long.MAX_VALUE nanoseconds, some 292 years: as good as forever, and one wait path instead of two.
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int KILLED = 2;
  static final int DONE = 3;

  private static final VarHandle STATE;
  private static final VarHandle EXIT_FUTURE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(ProcessCell.class, "state", int.class);
      EXIT_FUTURE = lookup.findVarHandle(ProcessCell.class, "exitFuture", CompletableFuture.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final long id;
  private final String name;
  private final ProcessRuntime runtime;
  // Created before the table insert, so the entry carries the means to interrupt from its first moment.
  final Thread thread;

  // System.nanoTime() when the process's thread first ran; 0 until then. Taken on the process's thread,
  // not the spawner's, to keep a clock read off the spawn path. Written before the CAS out of NEW, so
  // whoever reads a state other than NEW and STARTING sees it, except after a kill that beat the start:
  // then a reader may see 0, which means "just now".
  private long startedAtNanos;

  // Read and cleared by the process's own thread only; cleared so an exited process retains nothing of
  // what its body captured.
  private ProcessBody body;

  // NEW, RUNNING, KILLED or DONE; moved only by CAS (see the class comment).
  private volatile int state;

  // Null until the process has exited; written once, by the process's own thread.
  private volatile Exit exit;

  // Created on first demand by a joiner or onExit(), never on the spawn path. The exiting thread writes
  // exit then reads this; a waiter installs this then reads exit. Both are volatile, so at least one of
  // the two sees the other and the future is always completed.
  private volatile CompletableFuture<Exit> exitFuture;

  ProcessCell(ProcessRuntime runtime, long id, String name, ProcessBody body) {
    this.runtime = runtime;
    this.id = id;
    this.name = name;
    this.body = body;
    this.thread = runtime.newThread(this);
  }

  @Override
  public void run() {
    startedAtNanos = System.nanoTime();
    Exit result = Exit.killed();
    try {
      if (STATE.compareAndSet(this, NEW, RUNNING)) {
        result = runBody();
      }
    } finally {
      body = null;
      runtime.reap(this, result);
    }
  }

  private Exit runBody() {
    Exit result;
    try {
      body.run(this);
      result = Exit.normal();
    } catch (Throwable t) {
      result = Exit.failed(t);
    }
    // Losing this CAS means a kill landed while the body ran: the exit is killed whatever the body did.
    return STATE.compareAndSet(this, RUNNING, DONE) ? result : Exit.killed();
  }

  /** Records the exit: from here on the process is not alive. Called on this process's own thread. */
  void exited(Exit e) {
    exit = e;
  }

  /** Completes the exit future, if anyone asked for one. Called on this process's own thread, last. */
  void notifyExit() {
    // A kill racing the body's return may have set the interrupt flag; it must not leak into callbacks.
    if (thread.isInterrupted()) {
      Thread.interrupted();
    }
    CompletableFuture<Exit> f = exitFuture;
    if (f != null) {
      f.complete(exit);
    }
  }

  @Override
  public boolean kill() {
    int s = state;
    while (s == NEW || s == RUNNING) {
      if (STATE.compareAndSet(this, s, KILLED)) {
        if (s == RUNNING) {
          thread.interrupt();
        }
        return true;
      }
      s = state;
    }
    return false;
  }

  @Override
  public boolean isKilled() {
    return state == KILLED;
  }

  @Override
  public boolean isAlive() {
    return exit == null;
  }

  /** When the process's thread first ran, or {@code now} if it has not yet (see the field). */
  long startedAtNanos(long now) {
    long t = startedAtNanos;
    return t == 0 ? now : t;
  }

  ProcessState processState() {
    return switch (state) {
      case NEW -> ProcessState.STARTING;
      case RUNNING -> switch (thread.getState()) {
        case BLOCKED, WAITING, TIMED_WAITING -> ProcessState.WAITING;
        default -> ProcessState.RUNNING;
      };
      default -> ProcessState.EXITING;
    };
  }

  @Override
  public Pid pid() {
    return new Pid(id);
  }

  @Override
  public Pid self() {
    return new Pid(id);
  }

  @Override
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  String nameOrNull() {
    return name;
  }

  @Override
  public ProcessRuntime runtime() {
    return runtime;
  }

  @Override
  public Exit join() throws InterruptedException {
    return join(FOREVER).orElseThrow();
  }

  @Override
  public Optional<Exit> join(Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
    }
    Exit e = exit;
    if (e != null) {
      return Optional.of(e);
    }
    checkNotSelf();
    try {
      return Optional.of(exitFuture().get(toNanosSaturated(timeout), TimeUnit.NANOSECONDS));
    } catch (TimeoutException timedOut) {
      return Optional.empty();
    } catch (ExecutionException impossible) {
      throw new AssertionError("exit futures complete normally", impossible);
    }
  }

  static long toNanosSaturated(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private void checkNotSelf() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException("process " + pid() + " cannot join itself");
    }
  }

  @Override
  public CompletableFuture<Exit> onExit() {
    return exitFuture().copy();
  }

  private CompletableFuture<Exit> exitFuture() {
    if (exitFuture == null) {
      EXIT_FUTURE.compareAndSet(this, null, new CompletableFuture<Exit>());
    }
    CompletableFuture<Exit> f = exitFuture;
    Exit e = exit;
    if (e != null) {
      f.complete(e);
    }
    return f;
  }

  @Override
  public String toString() {
    return name == null ? pid().toString() : pid() + " (" + name + ")";
  }
}
