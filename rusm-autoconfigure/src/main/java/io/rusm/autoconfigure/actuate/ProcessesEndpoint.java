package io.rusm.autoconfigure.actuate;

import io.rusm.Exit;
import io.rusm.MailboxBacklog;
import io.rusm.Pid;
import io.rusm.ProcessInfo;
import io.rusm.ProcessRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code processes} actuator endpoint: a {@link ProcessRuntime}'s totals (processes, messages, mailbox
 * backlog) and a bounded page of its live processes with their mailbox lengths, in table order or longest
 * mailbox first; one live process by pid; and killing one by pid.
 *
 * <p>Killing is a write operation, and the endpoint's default access is read-only: the delete exists only
 * where the application grants {@code management.endpoint.processes.access=unrestricted}. Over HTTP a pid
 * may be written {@code 0.42.0}, which needs no escaping in a path.
 */
@Endpoint(id = "processes", defaultAccess = Access.READ_ONLY)
public class ProcessesEndpoint {

  /** How many processes a page lists when no limit is given. */
  public static final int DEFAULT_LIMIT = 50;

  /** The most processes a page lists, whatever limit is asked for. */
  public static final int MAX_LIMIT = 1000;

  private final ProcessRuntime runtime;

  /** @param runtime the runtime to describe */
  public ProcessesEndpoint(ProcessRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** The one value {@code sort} takes: longest mailbox first. */
  public static final String SORT_MAILBOX = "mailbox";

  /**
   * The runtime's totals and up to {@code limit} of its live processes.
   *
   * @param limit how many processes to list: {@value #DEFAULT_LIMIT} when null, at most {@value
   *     #MAX_LIMIT}
   * @param sort {@code null} for the process table's own order (the cheapest: it stops at {@code limit});
   *     {@value #SORT_MAILBOX} for the processes with the longest mailboxes, longest first (Erlang
   *     observer's sort by message queue), which looks at every live process
   * @throws InvalidEndpointRequestException if {@code limit} is negative or {@code sort} is another value
   */
  @ReadOperation
  public ProcessesDescriptor processes(@Nullable Integer limit, @Nullable String sort) {
    int requested = limit != null ? limit : DEFAULT_LIMIT;
    if (requested < 0) {
      String message = "limit must be zero or positive, was " + requested;
      throw new InvalidEndpointRequestException(message, message);
    }
    boolean byMailbox = sort != null && !sort.isEmpty();
    if (byMailbox && !SORT_MAILBOX.equals(sort)) {
      String message = "sort must be '" + SORT_MAILBOX + "' (longest mailbox first) or absent (table order), was '"
          + sort + "'";
      throw new InvalidEndpointRequestException(message, message);
    }
    int applied = Math.min(requested, MAX_LIMIT);
    Totals totals = Totals.of(runtime);
    List<ProcessInfo> infos = byMailbox ? runtime.longestMailboxes(applied) : runtime.processes(applied);
    Instant now = Instant.now();
    List<ProcessDescriptor> processes = infos.stream().map(info -> ProcessDescriptor.of(info, now)).toList();
    Page page = new Page(requested, applied, MAX_LIMIT, requested > MAX_LIMIT, byMailbox ? SORT_MAILBOX : null,
        processes.size(), processes.size() == applied && runtime.live() > applied);
    return new ProcessesDescriptor(!runtime.isShutdown(), totals, page, processes);
  }

  /**
   * The live process with this pid (name, state, start time, age and mailbox length), or {@code null} when none is live
   * (which the web layer answers with 404).
   *
   * @param pid a pid as {@code <0.42.0>} or {@code 0.42.0}
   * @throws InvalidEndpointRequestException if {@code pid} is not a pid
   */
  @ReadOperation
  public @Nullable ProcessDescriptor process(@Selector String pid) {
    return runtime.info(parse(pid)).map(info -> ProcessDescriptor.of(info, Instant.now())).orElse(null);
  }

  /**
   * Kills the live process with this pid.
   *
   * @param pid a pid as {@code <0.42.0>} or {@code 0.42.0}
   * @return whether this call killed it, or {@code null} when no process with this pid is live
   * @throws InvalidEndpointRequestException if {@code pid} is not a pid
   */
  @DeleteOperation
  public @Nullable KillDescriptor kill(@Selector String pid) {
    Pid parsed = parse(pid);
    return runtime.find(parsed).map(handle -> new KillDescriptor(parsed.toString(), handle.kill())).orElse(null);
  }

  private static Pid parse(String text) {
    try {
      return Pid.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage(), e);
    }
  }

  /**
   * The runtime as a whole and a page of its live processes.
   *
   * @param accepting whether the runtime accepts spawns (it has not been shut down)
   * @param totals its counters
   * @param page how the list of processes was bounded
   * @param processes live processes, at most {@code page.limit()} of them: longest mailbox first when
   *     sorted by mailbox, otherwise in no particular order
   */
  public record ProcessesDescriptor(boolean accepting, Totals totals, Page page,
      List<ProcessDescriptor> processes) implements OperationResponseBody {
  }

  /**
   * A runtime's counters, read one after another while processes may come and go.
   *
   * @param spawned processes spawned
   * @param finished processes exited, by outcome: {@code normal}, {@code killed}, {@code failed}
   * @param live processes live now
   * @param rejected spawns refused
   * @param maxProcesses the most processes that may be live at once
   * @param messages message counters
   * @param mailboxes the mailbox backlog
   */
  public record Totals(long spawned, Finished finished, long live, long rejected, int maxProcesses,
      Messages messages, Mailboxes mailboxes) {

    static Totals of(ProcessRuntime runtime) {
      MailboxBacklog backlog = runtime.mailboxBacklog();
      return new Totals(runtime.spawned(),
          new Finished(runtime.finished(Exit.Outcome.NORMAL), runtime.finished(Exit.Outcome.KILLED),
              runtime.finished(Exit.Outcome.FAILED)),
          runtime.live(), runtime.rejected(), runtime.maxProcesses(),
          new Messages(runtime.messagesSent(), runtime.messagesDelivered(), runtime.messagesReceived(),
              runtime.deadLetters(), runtime.messagesDropped()),
          new Mailboxes(backlog.processes(), backlog.longest(), backlog.warnLength()));
    }
  }

  /**
   * A runtime's message counters.
   *
   * @param sent messages sent, replies included
   * @param delivered messages that reached a live process's mailbox, or a reply its waiting caller
   * @param received messages taken by a receive
   * @param deadLetters messages that reached no live process, or replies nobody waited for
   * @param dropped messages still in a mailbox when its process exited
   */
  public record Messages(long sent, long delivered, long received, long deadLetters, long dropped) {
  }

  /**
   * The mailbox backlog, from {@link ProcessRuntime#mailboxBacklog()}.
   *
   * @param backlogged processes whose mailbox is longer than {@code warnLength}
   * @param longest the longest such mailbox, or 0
   * @param warnLength the length past which a mailbox counts as backlogged
   */
  public record Mailboxes(long backlogged, long longest, long warnLength) {
  }

  /**
   * Processes exited, by outcome.
   *
   * @param normal processes whose body returned
   * @param killed processes killed
   * @param failed processes whose body threw
   */
  public record Finished(long normal, long killed, long failed) {
  }

  /**
   * How a page of processes was bounded.
   *
   * @param requested the limit asked for ({@value #DEFAULT_LIMIT} when none was)
   * @param limit the limit applied: the one asked for, capped at {@code maxLimit}
   * @param maxLimit the most processes a page lists
   * @param capped whether the limit asked for was above {@code maxLimit}
   * @param sort {@value #SORT_MAILBOX} when sorted by mailbox length, {@code null} in table order
   * @param size how many processes the page lists
   * @param truncated whether more processes were live than the page lists
   */
  public record Page(int requested, int limit, int maxLimit, boolean capped, @Nullable String sort, int size,
      boolean truncated) {
  }

  /**
   * One live process, in a page or looked up by pid.
   *
   * @param pid its pid, as {@code <0.42.0>}
   * @param name the name given at spawn, or {@code null}
   * @param state {@code STARTING}, {@code RUNNING}, {@code WAITING} or {@code EXITING}
   * @param startedAt when its thread began to run (for a process still starting, the moment of the
   *     snapshot), as an ISO-8601 instant
   * @param age how long it had lived when the page was taken, as an ISO-8601 duration
   * @param mailboxLength messages waiting in its mailbox (Erlang's {@code message_queue_len})
   * @param links its links and monitors
   */
  public record ProcessDescriptor(String pid, @Nullable String name, String state, String startedAt,
      String age, long mailboxLength, LinksDescriptor links) implements OperationResponseBody {

    static ProcessDescriptor of(ProcessInfo info, Instant now) {
      ProcessInfo.Links l = info.links();
      return new ProcessDescriptor(info.pid().toString(), info.name(), info.state().name(),
          info.startedAt().toString(), info.age(now).toString(), info.mailboxLength(),
          new LinksDescriptor(l.count(), l.pids().stream().map(Object::toString).toList(), l.monitoredBy(),
              l.monitoring(), l.trapsExits()));
    }
  }

  /**
   * A process's links and monitors.
   *
   * @param count processes linked to it
   * @param pids up to 32 of them, as {@code <0.42.0>}
   * @param monitoredBy monitors other processes hold on it
   * @param monitoring monitors it holds on others
   * @param trapsExits whether it traps exits
   */
  public record LinksDescriptor(int count, List<String> pids, int monitoredBy, int monitoring,
      boolean trapsExits) {
  }

  /**
   * The result of a kill.
   *
   * @param pid the pid, as {@code <0.42.0>}
   * @param killed {@code true} if this request killed the process; {@code false} if it had already been
   *     killed or had already finished
   */
  public record KillDescriptor(String pid, boolean killed) implements OperationResponseBody {
  }
}
