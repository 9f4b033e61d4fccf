package io.rusm;

import io.rusm.internal.Mailbox;
import io.rusm.internal.MailboxConsumer;
import io.rusm.internal.OutOfLine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

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
 * carries the kill. Whatever the path, {@link #run()} ends, on the process's own thread, by handing the
 * exit to the runtime: the body's return and anything it throws, a kill's interrupt included, end in the
 * same place, the Java form of a Drop guard. That place is reached with no branch or handler that only
 * a kill takes, so a million processes killed in the frames they parked in do not each deoptimize (see
 * {@link OutOfLine}).
 *
 * <h2>The mailbox</h2>
 * A process that never receives and is never sent to has no mailbox: the first send or receive installs
 * one by compare-and-set. The exit closes the mailbox it finds before it records the exit, so a
 * joiner that sees the exit sees the mailbox's counts handed over; if it found none, it looks again
 * after recording the exit, and a sender that installs a mailbox looks at the exit afterwards and closes
 * the mailbox itself if the process is gone. Both fields are volatile, so one of the two sees the other
 * and no message is left in a mailbox nobody will close, with no atomic instruction at the exit of a
 * process that never messaged. Closing happens once, whoever does it. The queue itself is {@link
 * Mailbox}. Once messages pile up in it, its takes go through a consumer of their own, which the
 * process keeps beside its mailbox (see {@link Mailbox#split}).
 */
final class ProcessCell implements ProcessRef, ProcessContext, Runnable {

  // Long.MAX_VALUE nanoseconds, some 292 years: as good as forever, and one wait path instead of two.
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int KILLED = 2;
  static final int DONE = 3;
  // KILLED by the exit of a linked process: the reason is in the Signals (see kill(Exit.Killed)).
  static final int KILLED_LINKED = 4;

  private static final VarHandle STATE;
  private static final VarHandle EXIT_FUTURE;
  private static final VarHandle MAILBOX;
  private static final VarHandle SIGNALS;
  private static final VarHandle BODY_OR_CONSUMER;
  private static final OutOfLine END;

  // How call() reports a body that returned: shared, with no stack trace, never seen outside this class.
  private static final Throwable RETURNED = new Error("returned", null, false, false) {};

  // A body that throws at once, run by every start before the real one. The compiler leaves out an
  // exception handler that its profile has never seen entered, and a process's first throw is often
  // the kill that ends it, in frames frozen long before; entering call()'s handler at every start keeps
  // it in. Once compiled, the probe's throw and catch fold away to nothing.
  private static final Error PROBED = new Error("probe", null, false, false) {};
  private static final ProcessBody PROBE = ctx -> {
    throw PROBED;
  };

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(ProcessCell.class, "state", int.class);
      EXIT_FUTURE = lookup.findVarHandle(ProcessCell.class, "exitFuture", CompletableFuture.class);
      MAILBOX = lookup.findVarHandle(ProcessCell.class, "mailbox", Mailbox.class);
      BODY_OR_CONSUMER = lookup.findVarHandle(ProcessCell.class, "bodyOrConsumer", Object.class);
      SIGNALS = lookup.findVarHandle(ProcessCell.class, "signals", Signals.class);
      END = new OutOfLine(lookup, ProcessCell.class, "end",
          MethodType.methodType(void.class, ProcessCell.class, Throwable.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    endOneVirtualThread();
  }

  // The JDK's own frames under every process body have the same weakness as rusm's: compiled before any
  // virtual thread has ended in this JVM, VirtualThread.run holds a trap where its end loads a class for
  // the first time (jdk.internal.event.VirtualThreadEndEvent), and a million processes spawned before
  // the first one ends each deoptimize as they end (measured: 53,880 to 89,267 in one link-chain run,
  // seconds of its time). One virtual thread run to its end before any process starts loads the class.
  static void endOneVirtualThread() {
    // A JDK method, not a lambda here: a lambda's body is a method of this class, which the thread could
    // not run before this class's initialization, which waits for the thread, has finished.
    endOneVirtualThread(Thread::onSpinWait);
  }

  /** Runs {@code body} on a virtual thread and waits, through interrupts, for the thread to end. */
  static void endOneVirtualThread(Runnable body) {
    Thread t = Thread.ofVirtual().start(body);
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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

  // Two lives in one field, since every process pays for each field it has and needs these two at
  // different times. First the body: written before the thread starts, read once by the process's own
  // thread as it starts, which then clears it, so a running process retains nothing of what its body
  // captured beyond the body's own frame, and a receive finds null rather than a body it would have to
  // read to tell it from a consumer (a cache miss per receive in a ring of ten thousand). Then, once
  // messages have piled up enough to split the process's mailbox, the mailbox's consumer, so that a take
  // finds it here, on a line no sender writes, and not on the mailbox's (see Mailbox#split): written by
  // the process's own thread (release), read by it plainly and by observers of the mailbox with acquire;
  // cleared at the exit, after the mailbox is closed.
  private Object bodyOrConsumer;

  // NEW, RUNNING, KILLED or DONE; moved only by CAS (see the class comment).
  private volatile int state;

  // Null until the process has exited; written once, by the process's own thread.
  private volatile Exit exit;

  // Created on first demand by a joiner or onExit(), never on the spawn path; or REAPED, put in place
  // of one by the end of the exit if none was asked for. Both sides install by compare-and-set, so
  // exactly one wins: a future the exit then completes, or REAPED, which says the exit is complete.
  // Joiners wait for this, not for exit: the exit is recorded before links and monitors are signalled
  // and the live count drops, and a join returns only after all of it.
  private volatile CompletableFuture<Exit> exitFuture;

  // Never completed: only its identity is used (see exitFuture).
  private static final CompletableFuture<Exit> REAPED = new CompletableFuture<>();

  // Null until the first send or receive (see the class comment); installed once, by compare-and-set.
  private volatile Mailbox mailbox;

  // Null until the process links, is linked to, monitors, is monitored or called, or traps exits;
  // installed once by compare-and-set. The exit writes exit before reading it; see Signals.
  private volatile Signals signals;

  ProcessCell(ProcessRuntime runtime, long id, String name, ProcessBody body) {
    this.runtime = runtime;
    this.id = id;
    this.name = name;
    this.bodyOrConsumer = body;
    this.thread = runtime.newThread(this);
  }

  // The body's frames may be frozen in code compiled before any process was killed, so what follows the
  // body takes no branch and enters no handler that a kill alone would: the exit is decided out of line,
  // in end(), and the handler that catches what the body throws is the one in call(), which every start
  // enters (see PROBE). See OutOfLine.
  @Override
  public void run() {
    startedAtNanos = System.nanoTime();
    Throwable end = null;
    if (STATE.compareAndSet(this, NEW, RUNNING)) {
      call(PROBE, this);
      ProcessBody b = (ProcessBody) bodyOrConsumer;
      // Null from here until a split: a receive then tells the two apart without reading the body.
      bodyOrConsumer = null;
      end = call(b, this);
    }
    END.call(this, end);
  }

  /** Runs a body: RETURNED if it returned, or what it threw. */
  private static Throwable call(ProcessBody body, ProcessCell cell) {
    try {
      body.run(cell);
      return RETURNED;
    } catch (Throwable t) {
      return t;
    }
  }

  /** The exit, decided from how the body ended ({@code null}: it never started), handed to the runtime. */
  private static void end(ProcessCell cell, Throwable end) {
    Exit exit;
    if (end == null) {
      exit = cell.killedExit();
    } else {
      Exit result = end == RETURNED ? Exit.normal() : Exit.failed(end);
      // Losing this CAS means a kill landed while the body ran: the exit is killed whatever it did.
      exit = STATE.compareAndSet(cell, RUNNING, DONE) ? result : cell.killedExit();
    }
    // A kill racing the body's return may have set the interrupt flag; with the state now final, no
    // later kill interrupts. The flag must not leak into what the exit runs on this thread: the
    // dependents of the asks it fails, the failure log, the exit callbacks. (A killer that won the
    // state just now may still be a few instructions from its interrupt.)
    if (cell.thread.isInterrupted()) {
      Thread.interrupted();
    }
    cell.runtime.reap(cell, exit);
  }

  // Called once the state is KILLED or KILLED_LINKED, never to change again.
  private Exit killedExit() {
    return state == KILLED_LINKED ? signals.killedBy() : Exit.killed();
  }

  /**
   * Records the exit: from here on the process is not alive, and its mailbox takes no more messages.
   * Called on this process's own thread.
   */
  void exited(Exit e) {
    Mailbox m = mailbox;
    if (m != null) {
      m.close(consumer(m), runtime.messageCounters());
    }
    exit = e;
    if (m == null) {
      m = mailbox;
      if (m != null) {
        // Installed by a sender since the first look, and never taken from; the sender may close it
        // too (closing is once).
        m.close(m, runtime.messageCounters());
      }
    }
    BODY_OR_CONSUMER.setRelease(this, null);
  }

  /** Puts a message in this process's mailbox, from any thread; a dead letter if it has exited. */
  boolean deliver(Object message) {
    // A process seen to have exited takes nothing more, even where a sender that installed a mailbox
    // after the exit has not closed it yet.
    if (exit != null) {
      runtime.messageCounters().addDeadLetter();
      return false;
    }
    Mailbox m = mailbox;
    if (m == null) {
      m = installMailbox();
    }
    long seq = m.offer(message, thread);
    if (seq < 0) {
      runtime.messageCounters().addDeadLetter();
      return false;
    }
    runtime.backlogCheckpoint(this, seq);
    return true;
  }

  private Mailbox installMailbox() {
    Mailbox fresh = new Mailbox();
    Mailbox won = (Mailbox) MAILBOX.compareAndExchange(this, null, fresh);
    if (won != null) {
      return won;
    }
    if (exit != null) {
      // The exit found no mailbox: close this one, counting what others put in it.
      fresh.close(runtime.messageCounters());
    }
    return fresh;
  }

  /**
   * The mailbox's consumer, for a receive: only this process's own thread may take from it. The mailbox
   * itself until messages pile up enough to split it; then the consumer of its own.
   */
  private MailboxConsumer ownConsumer() throws InterruptedException {
    checkWaitingOnOwnThread("receive");
    Object split = bodyOrConsumer;
    if (split != null) {
      return (MailboxConsumer) split;
    }
    Mailbox m = mailbox;
    if (m == null) {
      return installMailbox();
    }
    if (m.isBacklogged()) {
      MailboxConsumer c = m.split();
      BODY_OR_CONSUMER.setRelease(this, c);
      return c;
    }
    return m;
  }

  // The mailbox's current consumer, from any thread (see bodyOrConsumer).
  private MailboxConsumer consumer(Mailbox m) {
    return BODY_OR_CONSUMER.getAcquire(this) instanceof MailboxConsumer c ? c : m;
  }

  private void checkWaitingOnOwnThread(String what) throws InterruptedException {
    checkOwnThread(what);
    if (isKilled()) {
      // The kill's interrupt may have been swallowed by the body: a receive must not wait regardless.
      throw new InterruptedException("process " + pid() + " was killed");
    }
  }

  /** Messages ever delivered to this process's live mailbox (see {@link Mailbox#delivered()}). */
  long mailboxDelivered() {
    Mailbox m = mailbox;
    return m == null ? 0 : m.delivered();
  }

  /**
   * Messages ever received from this process's live mailbox (see {@link
   * Mailbox#received(MailboxConsumer)}).
   */
  long mailboxReceived() {
    Mailbox m = mailbox;
    return m == null ? 0 : m.received(consumer(m));
  }

  /** Whether a send or receive has installed a mailbox. */
  boolean hasMailbox() {
    return mailbox != null;
  }

  /** Messages waiting in the mailbox. */
  long mailboxLength() {
    Mailbox m = mailbox;
    if (m == null) {
      return 0;
    }
    MailboxConsumer c = consumer(m);
    long n = m.length(c);
    // A split between reading the consumer and the length leaves the mailbox's own head where the split
    // froze it, behind every message taken since: the length then counts them as waiting (a fan-in
    // receiver's read 6,017 with at most 5,000 in flight). Read again with the consumer in use now. An
    // owner that took more than was in flight at the split has since let its senders send again, and a
    // count that shows those sends was read after the split.
    MailboxConsumer now = consumer(m);
    return now == c ? n : m.length(now);
  }

  @Override
  public boolean send(Object message) {
    return deliver(Objects.requireNonNull(message, "message"));
  }

  @Override
  public Object receive() throws InterruptedException {
    MailboxConsumer c = ownConsumer();
    return c.box().take(c, Long.MAX_VALUE);
  }

  @Override
  public Optional<Object> receive(Duration timeout) throws InterruptedException {
    long nanos = timeoutNanos(timeout);
    MailboxConsumer c = ownConsumer();
    return Optional.ofNullable(c.box().take(c, nanos));
  }

  @Override
  public Optional<Object> receive(Predicate<Object> match, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(match, "match");
    long nanos = timeoutNanos(timeout);
    MailboxConsumer c = ownConsumer();
    return Optional.ofNullable(c.box().take(c, match, m -> match.test(m) ? m : null, nanos));
  }

  @Override
  public <T> Optional<T> receive(Class<T> type, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(type, "type");
    long nanos = timeoutNanos(timeout);
    MailboxConsumer c = ownConsumer();
    return Optional.ofNullable(c.box().take(c, type, instancesOf(type), nanos));
  }

  @Override
  public <T> T receive(Class<T> type) throws InterruptedException {
    Objects.requireNonNull(type, "type");
    // Straight from take, which never returns null when it waits for ever: no Optional to unwrap after
    // the wait (see OutOfLine).
    MailboxConsumer c = ownConsumer();
    return c.box().take(c, type, instancesOf(type), Long.MAX_VALUE);
  }

  private static <T> Function<Object, T> instancesOf(Class<T> type) {
    return m -> type.isInstance(m) ? type.cast(m) : null;
  }

  @Override
  public <R> R receiveMatch(Function<Object, ? extends R> matcher) throws InterruptedException {
    return receiveMatch(matcher, FOREVER).orElseThrow();
  }

  @Override
  public <R> Optional<R> receiveMatch(Function<Object, ? extends R> matcher, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(matcher, "matcher");
    long nanos = timeoutNanos(timeout);
    MailboxConsumer c = ownConsumer();
    return Optional.ofNullable(c.box().take(c, matcher, matcher, nanos));
  }

  @Override
  public <R> R call(Pid to, Function<ReplyTo<R>, ?> request, Duration timeout)
      throws InterruptedException, TimeoutException {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(request, "request");
    long nanos = timeoutNanos(timeout);
    checkWaitingOnOwnThread("call");
    if (to.id() == id) {
      // Erlang's calling_self: the reply could only come from this process, which is waiting.
      throw new IllegalStateException("process " + to + " cannot call itself: it would wait for its own reply");
    }
    return Calls.call(this, to, request, timeout, nanos);
  }

  @Override
  public void link(Pid other) {
    Objects.requireNonNull(other, "other");
    checkOwnThread("link");
    ProcessCell cell = linkedOrLive(other);
    if (cell == null) {
      Signals.linkToGone(this, other);
    } else {
      Signals.link(this, cell);
    }
  }

  @Override
  public void unlink(Pid other) {
    Objects.requireNonNull(other, "other");
    checkOwnThread("unlink");
    ProcessCell cell = linkedOrLive(other);
    if (cell != null) {
      Signals.unlink(this, cell);
    }
  }

  // The process for pid: from the table, or, once it has left the table on its way out, from this
  // process's own links, where it stays until its exit has signalled this one. Linking to or unlinking
  // from a process that is ending acts on that link, as Erlang's do.
  private ProcessCell linkedOrLive(Pid pid) {
    ProcessCell cell = runtime.cell(pid);
    return cell != null ? cell : Signals.linked(this, pid);
  }

  @Override
  public ProcessRef spawnLink(ProcessBody body) {
    return spawnLink(null, body);
  }

  @Override
  public ProcessRef spawnLink(String name, ProcessBody body) {
    checkOwnThread("spawnLink");
    return runtime.spawn(name, body, child -> Signals.link(this, child));
  }

  @Override
  public MonitorRef monitor(Pid other) {
    Objects.requireNonNull(other, "other");
    checkOwnThread("monitor");
    ProcessCell cell = runtime.cell(other);
    return cell == null ? Signals.monitorGone(this, other) : Signals.monitor(this, cell);
  }

  @Override
  public boolean demonitor(MonitorRef ref) throws InterruptedException {
    Objects.requireNonNull(ref, "ref");
    checkWaitingOnOwnThread("demonitor");
    return Signals.demonitor(this, ref);
  }

  @Override
  public Monitored spawnMonitor(ProcessBody body) {
    checkOwnThread("spawnMonitor");
    MonitorRef[] ref = new MonitorRef[1];
    ProcessCell child = runtime.spawn(null, body, c -> ref[0] = Signals.monitor(this, c));
    return new Monitored(child, ref[0]);
  }

  @Override
  public void trapExits(boolean on) {
    checkOwnThread("trapExits");
    Signals.trapExits(this, on);
  }

  @Override
  public boolean isTrappingExits() {
    return Signals.isTrapping(this);
  }

  private void checkOwnThread(String what) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(what + " is for process " + pid() + "'s own thread, not "
          + Thread.currentThread());
    }
    // Its own thread runs the exit callbacks that were registered without an executor: a link or monitor
    // made there would name a process that signals nobody again, and a receive would wait on a closed
    // mailbox.
    if (exit != null) {
      throw new IllegalStateException(what + " is for process " + pid() + "'s body, and the process has exited ("
          + exit + ")");
    }
  }

  private static long timeoutNanos(Duration timeout) {
    return toNanosSaturated(ProcessRuntime.requireNotNegative(timeout, "timeout"));
  }

  /**
   * Ends a process whose thread could not be started, on the spawning thread, after it has left the
   * table: nothing ran, and whoever found its pid meanwhile sees it end with noproc (a kill from now on
   * finds it ended, a joiner returns, a link or monitor is signalled, a message sent to it is dropped).
   */
  void abandoned() {
    STATE.compareAndSet(this, NEW, KILLED);
    Exit noproc = Exit.noproc(pid());
    exited(noproc);
    Signals s = signalsOrNull();
    if (s != null) {
      Signals.abandon(this, s, noproc);
    }
    completeExit();
  }

  /**
   * Completes the exit future, if anyone asked for one, or marks the exit done for those who will:
   * called last, on this process's own thread (or on the spawner's, for a thread that never started).
   */
  void completeExit() {
    CompletableFuture<Exit> f = exitFuture;
    if (f == null) {
      f = (CompletableFuture<Exit>) EXIT_FUTURE.compareAndExchange(this, null, REAPED);
      if (f == null) {
        return;
      }
    }
    f.complete(exit);
  }

  @Override
  public boolean kill() {
    return moveToKilled(KILLED);
  }

  /**
   * Kills the process because a linked process ended. The reason goes in the Signals first, by
   * compare-and-set, and only the killer that placed it moves the state, to KILLED_LINKED; a plain kill
   * that wins the state first makes the exit a plain kill, and the reason is never read.
   */
  boolean kill(Exit.Killed reason) {
    int s = state;
    if ((s == NEW || s == RUNNING) && signals().claimKill(reason)) {
      return moveToKilled(KILLED_LINKED);
    }
    return false;
  }

  private boolean moveToKilled(int killed) {
    int s = state;
    while (s == NEW || s == RUNNING) {
      if (STATE.compareAndSet(this, s, killed)) {
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
    int s = state;
    return s == KILLED || s == KILLED_LINKED;
  }

  /**
   * Reads what an exit signal to this process will touch (its links and monitors), so that an exit path
   * signalling many processes has their cache misses in flight together (see Signals.LOOK_AHEAD); with
   * {@code mailbox}, the mailbox a Down will go to as well. Volatile reads, which the compiler keeps
   * though their values go unused.
   */
  void fetchForSignal(boolean mailbox) {
    Signals s = signals;
    if (s != null) {
      s.hasExited();
    }
    Mailbox m = mailbox ? this.mailbox : null;
    if (m != null) {
      m.isClosed();
    }
  }

  /** The links and monitors, installed on first use. */
  Signals signals() {
    Signals s = signals;
    if (s == null) {
      Signals fresh = new Signals();
      s = (Signals) SIGNALS.compareAndExchange(this, null, fresh);
      if (s == null) {
        s = fresh;
      }
    }
    return s;
  }

  Signals signalsOrNull() {
    return signals;
  }

  /** Removes a Down of {@code ref} from the mailbox, if one is there. Own thread only. */
  void flushDown(MonitorRef ref) throws InterruptedException {
    Mailbox m = mailbox;
    if (m != null) {
      MailboxConsumer c = consumer(m);
      m.take(c, ref, x -> x instanceof Down d && d.ref() == ref ? d : null, 0);
    }
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
    CompletableFuture<Exit> f = exitFuture;
    if (f == REAPED || (f != null && f.isDone())) {
      // Done, whoever asks: an exit callback on this process's own thread included.
      return Optional.of(exit);
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

  @SuppressWarnings("unchecked")
  private CompletableFuture<Exit> exitFuture() {
    CompletableFuture<Exit> f = exitFuture;
    if (f == null) {
      CompletableFuture<Exit> fresh = new CompletableFuture<>();
      f = (CompletableFuture<Exit>) EXIT_FUTURE.compareAndExchange(this, null, fresh);
      if (f == null) {
        return fresh;
      }
    }
    return f == REAPED ? CompletableFuture.completedFuture(exit) : f;
  }

  // Equal only to itself, as Object's equals says; hashed from the pid rather than by the identity hash,
  // which the JVM installs in an object's header with a compare-and-set the first time it is asked for:
  // every process put in a set of links (each spawn-link) would pay that.
  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return name == null ? pid().toString() : pid() + " (" + name + ")";
  }
}
