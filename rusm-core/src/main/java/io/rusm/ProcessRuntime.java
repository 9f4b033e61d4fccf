package io.rusm;

import io.rusm.internal.BacklogWatch;
import io.rusm.internal.BusyWait;
import io.rusm.internal.FailureLog;
import io.rusm.internal.LinkCounters;
import io.rusm.internal.LiveCount;
import io.rusm.internal.MessageCounters;
import io.rusm.internal.StripedLongMap;
import io.rusm.internal.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A runtime of Erlang-style processes: each process is one virtual thread plus one entry in a striped
 * process table. Spawn cheaply, kill race-free (even before the body starts), join, count, and never leak
 * an entry: every process removes itself, on its own thread, however it ends.
 *
 * <pre>{@code
 * try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
 *   ProcessRef worker = runtime.spawn("worker", ctx -> {
 *     while (true) {
 *       Thread.sleep(100); // a kill interrupts this
 *     }
 *   });
 *   worker.kill();
 *   Exit exit = worker.join(); // Exit.killed()
 * }
 * }</pre>
 *
 * <p>Thread-safe; share one instance. Counters are exact at quiescence, where
 * {@code spawned() == finished() + live()}; while processes come and go they are read without stopping
 * anything, so a reading may be a moment out of date.
 *
 * <h2>Design note: a process's life and who moves it</h2>
 * <ul>
 *   <li><b>Spawn</b> (the spawning thread): hands the body to the {@linkplain Builder#decorator
 *       decorator}, if there is one, then admits the process in {@code live} if fewer than the limit
 *       are counted, the admission's number being its pid (refusing it otherwise, or after shutdown),
 *       creates its unstarted virtual thread, makes the one
 *       table insert (which so carries the means to kill), and starts the thread. Its state is NEW.
 *   <li><b>Start</b> (the process's own thread): NEW to RUNNING by compare-and-set, then the body runs.
 *   <li><b>Kill</b> (any thread): NEW or RUNNING to KILLED by compare-and-set; from RUNNING it also
 *       interrupts the thread. A kill that wins against NEW means the body never runs.
 *   <li><b>Return or throw</b> (the process's own thread): RUNNING to DONE by compare-and-set; losing it
 *       to a kill makes the exit {@code killed} whatever the body did.
 *   <li><b>Reap</b> (the process's own thread, in the {@code finally} of its run, on every path): one
 *       table removal that also tallies the outcome, then the exit is recorded, the live count drops,
 *       and joiners and exit callbacks are woken.
 * </ul>
 * Shutdown moves the runtime from accepting to shutting down (spawns refused) to killing (every process
 * in the table killed), and only ever forward. The state machine itself lives in {@code ProcessCell}; the
 * table, {@code StripedLongMap}, explains its stripes.
 */
public final class ProcessRuntime implements AutoCloseable {

  /** Erlang's default process limit. */
  public static final int DEFAULT_MAX_PROCESSES = 1 << 20;

  /** The default {@link Builder#mailboxWarnLength(int)}. */
  public static final int DEFAULT_MAILBOX_WARN_LENGTH = 10_000;

  /** The most stripes a table may have. */
  public static final int MAX_STRIPES = 1 << 16;

  private static final System.Logger LOG = System.getLogger(ProcessRuntime.class.getName());

  // Some 292 years: as good as forever, with one wait path instead of two.
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private static final int ACCEPTING = 0;
  private static final int SHUTTING_DOWN = 1;
  private static final int KILLING = 2;

  private final int maxProcesses;
  private final String threadNamePrefix;
  private final Duration shutdownGracePeriod;
  private final ThreadFactory threadFactory;
  // Null unless set: spawn pays one null check of this final field for the feature it does not use.
  private final ProcessDecorator decorator;
  private final StripedLongMap<ProcessCell> table;
  private final FailureLog failureLog;
  // The timeouts of ask(); its thread starts with the first ask and ends when the runtime terminates,
  // when no process is left to answer an ask.
  private final Timeouts timeouts = new Timeouts("rusm-timeouts");
  private final MessageCounters messages = new MessageCounters();
  // The highest readings given out, so that readings never go back (see messagesDelivered()).
  private final AtomicLong reportedDelivered = new AtomicLong();
  private final AtomicLong reportedReceived = new AtomicLong();
  private final LinkCounters links = new LinkCounters();
  private final BacklogWatch<ProcessCell> backlog;
  private final long epochNanos = System.nanoTime();
  private final Instant epoch = Instant.now();

  // Exits are tallied by the table, inside the stripe monitor each exit takes anyway: tally i counts
  // outcome i, except a kill by a linked exit, which has a tally of its own. A LongAdder would cost each
  // of a cascade's million victims an atomic of its own, on a thread that has never counted before (see
  // StripedLongMap), whose MAX_TALLIES these four take up.
  private static final Exit.Outcome[] OUTCOMES = Exit.Outcome.values();
  private static final int LINKED_KILL_TALLY = OUTCOMES.length;

  // Processes admitted and not yet released: the limit is checked against it and live() reads it, so
  // it is both the admission gate and the figure operators see. Never above maxProcesses, however read
  // (LiveCount explains how, and why spawners and exits write separate lines). A process is released
  // only after it has left the table, so the count never undercounts what the table holds. The
  // admission's number is the pid: one atomic operation on the spawner's own line admits and names a
  // process, and every admission is a spawn, less the rare ones withdrawn.
  private final LiveCount live = new LiveCount();
  // Rare: a spawn refused (at the limit, or after shutdown); or admitted and then withdrawn (refused by
  // shutdown after admission, or its thread could not be made or started).
  private final LongAdder rejected = new LongAdder();
  private final LongAdder withdrawn = new LongAdder();

  // ACCEPTING, then SHUTTING_DOWN, then KILLING; only ever moves forward (out of ACCEPTING by CAS, and
  // KILLING is last, so concurrent shutdowns cannot move it back). A spawn counts itself in
  // `live` (by its successful compare-and-set, a volatile write) before reading this, and shutdown
  // writes this before reading `live` (all volatile, so every access is in one total order): either
  // shutdown's read of `live` sees the spawn's count, or the spawn's read of this sees shutdown, so a
  // spawn is either refused or seen by shutdown: no process slips past it. Likewise a release reads
  // this after counting itself out, so either it sees shutdown or shutdown sees its release. A spawn
  // refused at the limit never touched `live`, so it cannot disturb termination.
  private final AtomicInteger runState = new AtomicInteger(ACCEPTING);
  // Completed when live reaches zero after shutdown began.
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private ProcessRuntime(Builder b) {
    // The receive's busy wait reads the JDK's scheduler bean: set up here, on the building thread,
    // rather than at some process's first park.
    BusyWait.max();
    this.maxProcesses = b.maxProcesses;
    this.threadNamePrefix = b.threadNamePrefix;
    this.shutdownGracePeriod = b.shutdownGracePeriod;
    this.threadFactory = b.threadFactory != null ? b.threadFactory : Thread.ofVirtual().factory();
    this.decorator = b.decorator;
    this.table = new StripedLongMap<>(b.stripes != 0 ? b.stripes : defaultStripes(), OUTCOMES.length + 1,
        cell -> cell.id);
    this.failureLog = new FailureLog(LOG);
    this.backlog = new BacklogWatch<>(b.mailboxWarnLength);
  }

  /** A builder with the defaults: see each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Stripes per available core by default: see {@link #defaultStripes()}. */
  static final int DEFAULT_STRIPES_PER_CORE = 64;

  /**
   * The default stripe count: the power of two at or above {@value #DEFAULT_STRIPES_PER_CORE} stripes
   * per available core. A stripe's monitor is taken by every spawn and every exit that lands on it; when
   * every core spawns while processes exit on the same cores, two threads meeting on one stripe make one
   * wait, and if the holder is descheduled meanwhile (a busy machine), the wait lasts a time slice. More
   * stripes make meetings rarer, for some 300 bytes each while empty; rusm-bench's README has the
   * measurements.
   */
  static int defaultStripes() {
    long wanted = (long) DEFAULT_STRIPES_PER_CORE * Runtime.getRuntime().availableProcessors();
    return (int) Math.min(MAX_STRIPES, Long.highestOneBit(wanted - 1) << 1);
  }

  /**
   * Spawns an unnamed process running {@code body} on a new virtual thread.
   *
   * @throws NullPointerException if {@code body} is null
   * @throws ProcessLimitExceededException if {@link #maxProcesses()} processes are live
   * @throws RejectedExecutionException if the runtime is shut down
   */
  public ProcessRef spawn(ProcessBody body) {
    return spawn(null, body);
  }

  /**
   * Spawns a process named {@code name} (which need not be unique; Erlang's registered names come
   * later) running {@code body} on a new virtual thread. When this returns the process is in the table
   * and killable, though its body may not have started.
   *
   * @param name a name for snapshots and logs, or {@code null}
   * @throws NullPointerException if {@code body} is null, or the {@linkplain Builder#decorator
   *     decorator} returned null
   * @throws ProcessLimitExceededException if {@link #maxProcesses()} processes are live
   * @throws RejectedExecutionException if the runtime is shut down
   */
  public ProcessRef spawn(String name, ProcessBody body) {
    return spawn(name, body, null);
  }

  /**
   * Spawns, running {@code beforeStart} (if not null) on the new process after it is in the table and
   * before its thread starts: a link or monitor made there is in place before the body can run.
   */
  ProcessCell spawn(String name, ProcessBody body, Consumer<ProcessCell> beforeStart) {
    Objects.requireNonNull(body, "body");
    // Decorated before the process is admitted, so a decorator that throws has nothing to undo.
    if (decorator != null) {
      body = decorate(body);
    }
    long id = live.tryAdmit(maxProcesses);
    if (id < 0) {
      rejected.increment();
      throw new ProcessLimitExceededException(maxProcesses);
    }
    if (runState.get() != ACCEPTING) {
      rejected.increment();
      withdraw();
      throw new RejectedExecutionException("ProcessRuntime is shut down and accepts no new processes");
    }
    ProcessCell cell;
    try {
      cell = new ProcessCell(this, id, name, body);
      table.put(cell);
    } catch (Throwable e) {
      withdraw();
      throw e;
    }
    try {
      if (beforeStart != null) {
        beforeStart.accept(cell);
      }
      cell.thread.start();
    } catch (Throwable e) {
      table.remove(cell);
      cell.abandoned();
      withdraw();
      throw e;
    }
    // Shutdown's kill sweep reads the table after writing KILLING; this reads KILLING after the insert.
    // Whichever came second sees the other, so this process is killed by one of the two.
    if (runState.get() == KILLING) {
      cell.kill();
    }
    return cell;
  }

  private ProcessBody decorate(ProcessBody body) {
    ProcessBody decorated = decorator.decorate(body);
    if (decorated == null) {
      throw new NullPointerException("ProcessDecorator " + decorator + " returned null for a body");
    }
    return decorated;
  }

  Thread newThread(ProcessCell cell) {
    Thread t = threadFactory.newThread(cell);
    if (threadNamePrefix != null) {
      t.setName(threadNamePrefix + cell.id);
    }
    return t;
  }

  /**
   * Called once per process, on its own thread, as the last thing it does. The order is what callers
   * can rely on: out of the table and counted as finished, then no longer alive, then linked and
   * monitoring processes signalled, then a failure logged, then out of the live count (which is what
   * shutdown waits for), and only then joiners and exit callbacks are woken. So a terminated runtime has
   * logged every failure; exit callbacks that run on the exiting thread may still be running.
   */
  void reap(ProcessCell cell, Exit exit) {
    boolean linked = exit instanceof Exit.Killed k && k.isLinked();
    table.remove(cell, linked ? LINKED_KILL_TALLY : exit.outcome().ordinal());
    cell.exited(exit);
    if (cell.hasMailbox()) {
      backlog.forget(cell);
    }
    Signals signals = cell.signalsOrNull();
    if (signals != null) {
      Signals.exited(cell, signals, exit);
    }
    try {
      if (exit instanceof Exit.Failed failed) {
        failureLog.failed(cell, failed.cause());
      }
    } finally {
      // A logging backend that throws loses its line, never the exit.
      release();
      cell.completeExit();
    }
  }

  private void withdraw() {
    withdrawn.increment();
    release();
  }

  private void release() {
    long released = live.release();
    if (runState.get() != ACCEPTING && live.isZeroAt(released)) {
      terminate();
    }
  }

  private void terminate() {
    if (terminated.complete(null)) {
      timeouts.close();
    }
  }

  /** The process with this pid, if it is live. */
  public Optional<ProcessRef> find(Pid pid) {
    Objects.requireNonNull(pid, "pid");
    return Optional.ofNullable(table.get(pid.id()));
  }

  /**
   * Kills the process with this pid, if it is live.
   *
   * @return {@code true} if this call killed it; {@code false} if it was not live or already killed
   */
  public boolean kill(Pid pid) {
    return find(pid).map(ProcessRef::kill).orElse(false);
  }

  /**
   * A snapshot of up to {@code limit} live processes, taken a stripe at a time without stopping the
   * others. Costs time in proportion to the table's size: meant for observers and endpoints, not loops.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public List<ProcessInfo> processes(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be zero or positive, was " + limit);
    }
    List<ProcessCell> cells = table.values(limit);
    List<ProcessInfo> infos = new ArrayList<>(cells.size());
    for (ProcessCell c : cells) {
      infos.add(info(c));
    }
    return infos;
  }

  /** A description of the process with this pid (name, state, start time), if it is live. */
  public Optional<ProcessInfo> info(Pid pid) {
    Objects.requireNonNull(pid, "pid");
    ProcessCell cell = table.get(pid.id());
    return cell == null ? Optional.empty() : Optional.of(info(cell));
  }

  private ProcessInfo info(ProcessCell c) {
    ProcessState state = c.processState();
    long now = System.nanoTime();
    long startedAt = state == ProcessState.STARTING ? now : c.startedAtNanos(now);
    return new ProcessInfo(c.pid(), c.nameOrNull(), state, epoch.plusNanos(startedAt - epochNanos),
        c.mailboxLength(), Signals.info(c));
  }

  /**
   * Sends a message to the process with this pid (Erlang's {@code Pid ! Message}), from any thread, a
   * process or not. Never blocks: the mailbox is unbounded, as Erlang's is. A message to a process that
   * has exited or never existed is a <em>dead letter</em>: dropped and counted, never an exception.
   * Messages from one sender to one process arrive in the order sent.
   *
   * <p>The message is passed by reference: send immutable values, such as records of immutable fields.
   *
   * @return whether the message reached a live process's mailbox
   * @throws NullPointerException if {@code to} or {@code message} is null
   */
  public boolean send(Pid to, Object message) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(message, "message");
    ProcessCell cell = table.get(to.id());
    if (cell == null) {
      messages.addDeadLetter();
      return false;
    }
    return cell.deliver(message);
  }

  /**
   * Sends a request from outside any process and returns its reply as a future (Pekko's {@code ask}):
   * {@code request} builds the message from the {@link ReplyTo} the server answers through. The future
   * fails with {@link NoSuchProcessException} at once if no live process has the pid {@code to}, with
   * {@link ProcessExitedException} (its pid and exit reason) as soon as the server ends before it
   * replied, and with {@link java.util.concurrent.TimeoutException} if no reply came within {@code
   * timeout}; a reply after that, or after the future was cancelled, is a dead letter. Dependent actions
   * registered without an executor may run on the replying process's thread, on the server's own thread
   * as it ends (where joining it cannot work), or on the runtime's timeout thread ({@code rusm-timeouts},
   * one per runtime, started by the first ask) when the timeout passes: keep them short, or pass an
   * executor.
   *
   * @param <R> the type of the reply
   * @throws NullPointerException if {@code to} or {@code request} is null, or it returns null
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   */
  public <R> CompletableFuture<R> ask(Pid to, Function<ReplyTo<R>, ?> request, Duration timeout) {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(request, "request");
    return Calls.ask(this, to, request, requireNotNegative(timeout, "timeout"));
  }

  Timeouts timeouts() {
    return timeouts;
  }

  MessageCounters messageCounters() {
    return messages;
  }

  LinkCounters linkCounters() {
    return links;
  }

  /** The live process with this pid, or null. */
  ProcessCell cell(Pid pid) {
    return table.get(pid.id());
  }

  /** Processes that ended because a process linked to them ended (not counting the one that began it). */
  public long linkedExits() {
    return table.tally(LINKED_KILL_TALLY);
  }

  /** {@link Down} messages delivered to watchers' mailboxes. */
  public long downsDelivered() {
    return links.downs();
  }

  /** Exit signals delivered as {@link ExitSignal} messages to processes that trap exits. */
  public long exitSignalsTrapped() {
    return links.trapped();
  }

  /** Called by a sender with each message's sequence number; looks at the length at checkpoints only. */
  void backlogCheckpoint(ProcessCell cell, long seq) {
    if (backlog.isCheckpoint(seq)) {
      backlog.check(cell, cell.mailboxLength());
      // The exit forgets the process after it is no longer alive; a check that came after that looks
      // at it here, so one of the two drops it.
      if (!cell.isAlive()) {
        backlog.forget(cell);
      }
    }
  }

  /**
   * The processes whose mailboxes are longer than {@link Builder#mailboxWarnLength(int)}, and the
   * longest of them. Cheap enough for every scrape: senders note a mailbox when it passes the length (at
   * most {@value BacklogWatch#MAX_INTERVAL} messages later), and this looks only at those noted, not at
   * every process.
   */
  public MailboxBacklog mailboxBacklog() {
    BacklogWatch.Backlog b = backlog.scan(c -> c.isAlive() ? c.mailboxLength() : -1);
    return new MailboxBacklog(b.processes(), b.longest(), backlog.warnLength());
  }

  /**
   * The {@code limit} live processes with the longest mailboxes, longest first (Erlang observer's sort
   * by message queue). Looks at every process, a stripe at a time: meant for an operator's request, not
   * for a loop.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public List<ProcessInfo> longestMailboxes(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be zero or positive, was " + limit);
    }
    record Sized(ProcessCell cell, long length) {}
    PriorityQueue<Sized> shortestFirst = new PriorityQueue<>(Comparator.comparingLong(Sized::length));
    if (limit > 0) {
      table.forEach(c -> {
        long length = c.mailboxLength();
        if (shortestFirst.size() < limit) {
          shortestFirst.add(new Sized(c, length));
        } else if (length > shortestFirst.peek().length()) {
          shortestFirst.poll();
          shortestFirst.add(new Sized(c, length));
        }
      });
    }
    List<ProcessInfo> infos = new ArrayList<>(shortestFirst.size());
    while (!shortestFirst.isEmpty()) {
      infos.add(info(shortestFirst.poll().cell()));
    }
    Collections.reverse(infos);
    return infos;
  }

  /** Messages sent: each one is delivered or a dead letter. Replies count too. */
  public long messagesSent() {
    return messagesDelivered() + messages.deadLetters();
  }

  /**
   * Messages that reached a live process's mailbox (or, for a reply, its waiting caller). Mailboxes count
   * their own deliveries, so this adds up those of every live process, a stripe of the table at a time:
   * it costs time in proportion to the processes live, and the send path nothing.
   */
  public long messagesDelivered() {
    // Closed mailboxes first, then the live ones: a mailbox closes only after its process has left the
    // table, so none is counted twice; one in between is missed for a moment, and the clamp keeps a
    // reading from ever going back (a Prometheus counter must not).
    long total = messages.delivered() + sumOverMailboxes(ProcessCell::mailboxDelivered);
    return reportedDelivered.accumulateAndGet(total, Math::max);
  }

  /** Messages that reached no one: sent to a process that had exited, or replies nobody waited for. */
  public long deadLetters() {
    return messages.deadLetters();
  }

  /**
   * Messages taken by a receive (replies, by the call that waited for them). Like {@link
   * #messagesDelivered()}, adds up the live mailboxes' own counts.
   */
  public long messagesReceived() {
    long total = messages.received() + sumOverMailboxes(ProcessCell::mailboxReceived);
    return reportedReceived.accumulateAndGet(total, Math::max);
  }

  private long sumOverMailboxes(ToLongFunction<ProcessCell> count) {
    long[] sum = {0};
    table.forEach(c -> sum[0] += count.applyAsLong(c));
    return sum[0];
  }

  /** Messages still in a mailbox when its process exited. */
  public long messagesDropped() {
    return messages.dropped();
  }

  /** Processes spawned since the runtime was built. */
  public long spawned() {
    return live.admitted() - withdrawn.sum();
  }

  /** Processes that have exited, whatever their outcome. */
  public long finished() {
    long finished = 0;
    for (int tally = 0; tally <= LINKED_KILL_TALLY; tally++) {
      finished += table.tally(tally);
    }
    return finished;
  }

  /** Processes that have exited with the given outcome. */
  public long finished(Exit.Outcome outcome) {
    long n = table.tally(Objects.requireNonNull(outcome, "outcome").ordinal());
    return outcome == Exit.Outcome.KILLED ? n + table.tally(LINKED_KILL_TALLY) : n;
  }

  /**
   * Processes live now: spawned and not yet exited. A process leaves this count a moment after it is
   * no longer {@linkplain ProcessRef#isAlive() alive} and before its joiners and exit callbacks are
   * woken. Never more than {@link #maxProcesses()}, read from any thread at any moment: a spawn counts
   * itself here only while fewer than the limit are counted, so {@code live / limit} never passes 1. The
   * reading is the exact count at one instant, unless spawns keep landing while it is taken: then it is
   * a value no higher than the count.
   */
  public long live() {
    return live.get();
  }

  /** Spawns refused, because the limit was reached or the runtime was shut down. */
  public long rejected() {
    return rejected.sum();
  }

  /** The most processes that may be live at once. */
  public int maxProcesses() {
    return maxProcesses;
  }

  /** The mailbox length past which a process counts as backlogged ({@link Builder#mailboxWarnLength(int)}). */
  public long mailboxWarnLength() {
    return backlog.warnLength();
  }

  /** The number of stripes in the process table. */
  public int stripes() {
    return table.stripes();
  }

  /** The grace period {@link #close()} gives processes before killing them. */
  public Duration shutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  /** Whether shutdown has begun: no new process is accepted. */
  public boolean isShutdown() {
    return runState.get() != ACCEPTING;
  }

  /** Whether shutdown has begun and every process has exited. */
  public boolean isTerminated() {
    return terminated.isDone();
  }

  /**
   * Refuses new spawns, gives live processes up to {@code grace} to finish, kills the rest, and waits for
   * every process to exit. A process whose body neither blocks nor checks {@link
   * ProcessContext#isKilled()} keeps this waiting: use {@link #shutdown(Duration, Duration)} to bound the
   * wait. If the calling thread is interrupted, the kill comes at once, the wait goes on, and the
   * interrupt is restored on return.
   *
   * @throws IllegalArgumentException if {@code grace} is null or negative
   * @throws IllegalStateException if called by one of this runtime's processes, which it would wait for
   */
  public void shutdown(Duration grace) {
    shutdown(grace, null);
  }

  /**
   * Like {@link #shutdown(Duration)}, but waits at most {@code killTimeout} for killed processes to exit.
   *
   * @param killTimeout the longest wait after the kill, or {@code null} for no bound
   * @return {@code true} if every process exited; {@code false} if some were still live at the bound
   * @throws IllegalArgumentException if {@code grace} is null or negative, or {@code killTimeout} is
   *     negative
   * @throws IllegalStateException if called by one of this runtime's processes, which it would wait for
   */
  public boolean shutdown(Duration grace, Duration killTimeout) {
    requireNotNegative(grace, "grace");
    if (killTimeout != null) {
      requireNotNegative(killTimeout, "killTimeout");
    }
    checkNotAProcess("shutdown");
    runState.compareAndSet(ACCEPTING, SHUTTING_DOWN);
    if (live.isZero()) {
      terminate();
    }
    boolean interrupted = false;
    try {
      if (await(grace)) {
        return true;
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    runState.set(KILLING);
    table.forEach(ProcessCell::kill);
    // Wraps for FOREVER, harmlessly: only the difference with nanoTime() is ever used.
    long deadline = System.nanoTime()
        + ProcessCell.toNanosSaturated(killTimeout == null ? FOREVER : killTimeout);
    try {
      while (true) {
        try {
          return await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits at most {@code timeout} for termination. */
  private boolean await(Duration timeout) throws InterruptedException {
    try {
      terminated.get(ProcessCell.toNanosSaturated(timeout), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException impossible) {
      throw new AssertionError("termination completes normally", impossible);
    }
  }

  /**
   * Waits up to {@code timeout} for every process to exit after shutdown has begun. Each has then
   * signalled its links and monitors and logged its failure, if it failed; dependent actions of its
   * {@link ProcessRef#onExit()} future that run on its own thread may still be running.
   *
   * @return whether the runtime terminated in time
   * @throws IllegalArgumentException if {@code timeout} is null or negative
   * @throws IllegalStateException if called by one of this runtime's processes, which it would wait for
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    requireNotNegative(timeout, "timeout");
    checkNotAProcess("awaitTermination");
    return await(timeout);
  }

  // A process waiting for every process to exit would wait for itself. Looked for on virtual threads
  // only, with a walk of the table: shutting down is rare, and its kill sweep walks the table anyway.
  private void checkNotAProcess(String what) {
    Thread current = Thread.currentThread();
    if (!current.isVirtual()) {
      return;
    }
    ProcessCell[] caller = new ProcessCell[1];
    table.forEach(c -> {
      if (c.thread == current) {
        caller[0] = c;
      }
    });
    if (caller[0] != null) {
      throw new IllegalStateException(what + " waits for every process to exit, and its caller, process "
          + caller[0].pid() + ", is one: call it from a thread that is not a process");
    }
  }

  /**
   * Shuts down with the builder's {@linkplain Builder#shutdownGracePeriod(Duration) grace period} and
   * waits for every process to exit. Closing again is harmless.
   *
   * @throws IllegalStateException if called by one of this runtime's processes, which it would wait for
   */
  @Override
  public void close() {
    shutdown(shutdownGracePeriod);
  }

  @Override
  public String toString() {
    return "ProcessRuntime[live=" + live() + ", spawned=" + spawned() + ", finished=" + finished()
        + ", maxProcesses=" + maxProcesses + ", stripes=" + stripes()
        + (isShutdown() ? ", shut down" : "") + "]";
  }

  static Duration requireNotNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
    }
    return d;
  }

  /** Builds a {@link ProcessRuntime}. Each setter checks its argument at once. */
  public static final class Builder {
    private int maxProcesses = DEFAULT_MAX_PROCESSES;
    private int mailboxWarnLength = DEFAULT_MAILBOX_WARN_LENGTH;
    private int stripes;
    private String threadNamePrefix;
    private Duration shutdownGracePeriod = Duration.ofSeconds(5);
    private ThreadFactory threadFactory;
    private ProcessDecorator decorator;

    private Builder() {}

    /**
     * The most processes that may be live at once; a spawn beyond it throws {@link
     * ProcessLimitExceededException}. Default 1,048,576 (2<sup>20</sup>), Erlang's default.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxProcesses(int maxProcesses) {
      if (maxProcesses <= 0) {
        throw new IllegalArgumentException("maxProcesses must be positive, was " + maxProcesses);
      }
      this.maxProcesses = maxProcesses;
      return this;
    }

    /**
     * The number of independent stripes in the process table: a power of two up to {@value
     * #MAX_STRIPES}. More stripes mean fewer collisions between threads spawning and exiting at once.
     * Default: the power of two at or above 64 per available core.
     *
     * @throws IllegalArgumentException if not a power of two in range
     */
    public Builder stripes(int stripes) {
      if (stripes <= 0 || stripes > MAX_STRIPES || Integer.bitCount(stripes) != 1) {
        throw new IllegalArgumentException(
            "stripes must be a power of two between 1 and " + MAX_STRIPES + ", was " + stripes);
      }
      this.stripes = stripes;
      return this;
    }

    /**
     * Names each process's virtual thread {@code prefix + number} (so {@code rusm-42} for pid {@code
     * <0.42.0>}), which shows processes by pid in thread dumps. Default {@code null}: threads are
     * unnamed, like plain virtual threads, because building a name costs a string per spawn (about a
     * tenth of the spawn rate in a storm).
     */
    public Builder threadNamePrefix(String prefix) {
      this.threadNamePrefix = prefix;
      return this;
    }

    /**
     * How long {@link ProcessRuntime#close()} lets live processes finish before killing them. Default 5
     * seconds, the shutdown time an OTP supervisor gives a worker.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder shutdownGracePeriod(Duration gracePeriod) {
      this.shutdownGracePeriod = requireNotNegative(gracePeriod, "shutdownGracePeriod");
      return this;
    }

    /**
     * The mailbox length past which a process counts as backed up in {@link
     * ProcessRuntime#mailboxBacklog()}. Default 10,000. Mailboxes are not bounded by it: as in Erlang,
     * only memory bounds them.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder mailboxWarnLength(int length) {
      if (length <= 0) {
        throw new IllegalArgumentException("mailboxWarnLength must be positive, was " + length);
      }
      this.mailboxWarnLength = length;
      return this;
    }

    /**
     * Wraps each body at spawn, on the spawning thread; the process runs what it returns (see {@link
     * ProcessDecorator}). Default {@code null}: bodies run as spawned, and spawning costs nothing more.
     * One decorator per runtime: to apply several, compose them into one.
     */
    public Builder decorator(ProcessDecorator decorator) {
      this.decorator = decorator;
      return this;
    }

    /** Where process threads come from; tests use it to make thread creation or start fail. */
    Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** A new runtime with this builder's settings. */
    public ProcessRuntime build() {
      return new ProcessRuntime(this);
    }
  }
}
