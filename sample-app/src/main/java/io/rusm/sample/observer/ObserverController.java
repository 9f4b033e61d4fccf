package io.rusm.sample.observer;

import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.sample.web.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The observer, after Erlang's: the runtime's counts and the heap, cheap to read at any rate; a page of
 * the process table, which costs a walk of the table and so only comes when asked for; one process with
 * its links and monitors; and killing a process by pid.
 */
@RestController
@RequestMapping("/api/observer")
public class ObserverController {

  /** How long a kill waits for the process to exit before answering 202 instead of 200. */
  static final Duration KILL_WAIT = Duration.ofSeconds(1);

  private final ProcessRuntime runtime;
  private final ObserverProperties properties;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  /**
   * @param runtime the runtime to observe: the one the starter auto-configures
   * @param properties how many rows a request may ask for
   */
  public ObserverController(ProcessRuntime runtime, ObserverProperties properties) {
    this.runtime = runtime;
    this.properties = properties;
  }

  /**
   * The counts and the heap, and with {@code processes=true} up to {@code limit} live processes: in the
   * process table's order, or with {@code sort=mailbox} the ones with the longest mailboxes, longest first.
   *
   * @throws InvalidInputException if {@code limit} is outside 1 to {@code sample.observer.max-rows}, or
   *     {@code sort} is neither {@code table} nor {@code mailbox}
   */
  @GetMapping
  public ObserverSnapshot snapshot(@RequestParam(defaultValue = "false") boolean processes,
      @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "table") String sort) {
    if (limit < 1 || limit > properties.maxRows()) {
      throw new InvalidInputException("limit", "must be between 1 and " + properties.maxRows()
          + " (limit: sample.observer.max-rows), was " + limit);
    }
    if (!sort.equals("table") && !sort.equals("mailbox")) {
      throw new InvalidInputException("sort", "must be table or mailbox, was '" + sort + "'");
    }
    MemoryUsage heap = memory.getHeapMemoryUsage();
    return new ObserverSnapshot(runtime.live(), runtime.maxProcesses(), runtime.spawned(),
        new ObserverSnapshot.Finished(runtime.finished(Exit.Outcome.NORMAL),
            runtime.finished(Exit.Outcome.KILLED), runtime.finished(Exit.Outcome.FAILED)),
        runtime.rejected(),
        new ObserverSnapshot.Heap(heap.getUsed(), heap.getCommitted(), heap.getMax()),
        processes ? rows(limit, sort.equals("mailbox")) : null);
  }

  /**
   * One live process with its links and monitors; the pid may be written {@code 0.42.0} or, URL-encoded,
   * {@code <0.42.0>}. A table lookup: cheap enough to poll.
   *
   * @throws InvalidInputException if the text is not a pid
   * @throws NoSuchProcessException if no live process has that pid
   */
  @GetMapping("/processes/{pid}")
  public ProcessDetail process(@PathVariable("pid") String text) {
    Pid pid = parse(text);
    return runtime.info(pid).map(info -> ProcessDetail.of(info, Instant.now()))
        .orElseThrow(() -> new NoSuchProcessException(pid));
  }

  /**
   * Kills a live process; the pid may be written {@code 0.42.0} or, URL-encoded, {@code <0.42.0>}.
   * Answers 200 with its exit once it has exited, or 202 if it has not within {@link #KILL_WAIT}.
   *
   * @throws InvalidInputException if the text is not a pid
   * @throws NoSuchProcessException if no live process has that pid
   */
  @DeleteMapping("/processes/{pid}")
  public ResponseEntity<KillResult> kill(@PathVariable("pid") String text) throws InterruptedException {
    Pid pid = parse(text);
    ProcessRef process = runtime.find(pid).orElseThrow(() -> new NoSuchProcessException(pid));
    process.kill();
    Optional<Exit> exit = process.join(KILL_WAIT);
    return exit
        .map(e -> ResponseEntity.ok(new KillResult(pid.toString(), e.outcome().tag())))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new KillResult(pid.toString(), null)));
  }

  private List<ObserverSnapshot.ProcessRow> rows(int limit, boolean byMailbox) {
    Instant now = Instant.now();
    return (byMailbox ? runtime.longestMailboxes(limit) : runtime.processes(limit)).stream()
        .map(p -> new ObserverSnapshot.ProcessRow(p.pid().toString(), p.name(), p.state().name(),
            p.age(now).toMillis(), p.mailboxLength(), p.links().count()))
        .toList();
  }

  private static Pid parse(String text) {
    try {
      return Pid.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("pid", "must be written 0.42.0 or <0.42.0>, was '" + text + "'");
    }
  }
}
