package io.rusm.sample.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.Exit;
import io.rusm.ProcessInfo;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.sample.storm.StormFailureView;
import io.rusm.sample.storm.StormSlot;
import io.rusm.sample.stream.EventBroadcaster;
import io.rusm.sample.stream.StreamEvent;
import io.rusm.sample.stream.StreamProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cascade storm service on a runtime of its own, which nothing else uses: the runtime's own counters
 * must then agree exactly with the storm's report.
 */
class CascadeStormServiceTests {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final CascadeStormLimits LIMITS =
      new CascadeStormLimits(Duration.ofMinutes(5), Duration.ofSeconds(10), 100_000, 1_000);

  private ProcessRuntime runtime = ProcessRuntime.builder().build();
  private final RecordingBroadcaster events = new RecordingBroadcaster();
  private CascadeStormService service = new CascadeStormService(runtime, LIMITS, events, new StormSlot());

  @AfterEach
  void closeRuntime() {
    service.stop();
    runtime.close();
  }

  @ParameterizedTest(name = "{0} processes, fan-out {1}")
  @CsvSource({"12, 1, 12", "31, 2, 5", "20, 50, 2"})
  void everyTreeGoesDownWholeFromOneKillAndTheRuntimeCountsAgree(int size, int fanOut, int depth)
      throws InterruptedException {
    CascadeStormView started = service.start(new CascadeStormRequest(60L, size, fanOut));
    assertThat(started.state()).isEqualTo("running");
    assertThat(started.settings()).isEqualTo(new CascadeStormView.Settings(60, size, fanOut, depth));

    events.await("cascade-tick", t -> ((CascadeTickView) t).cascades() >= 5);
    assertThat(service.stop().orElseThrow().state()).isIn("stopping", "finished");
    CascadeReportView report = (CascadeReportView) events.await("cascade-report", r -> true);

    long processes = report.processes();
    long cascades = report.cascades();
    assertThat(cascades).isEqualTo(report.trees()).isGreaterThanOrEqualTo(5);
    assertThat(processes).isEqualTo(report.trees() * size);
    assertThat(report.exits()).isEqualTo(processes);
    assertThat(runtime.spawned()).isEqualTo(processes);
    assertThat(runtime.finished(Exit.Outcome.KILLED)).as("one kill per tree, links for the rest").isEqualTo(processes);
    assertThat(runtime.finished(Exit.Outcome.NORMAL) + runtime.finished(Exit.Outcome.FAILED)).isZero();
    assertThat(runtime.linkedExits()).isEqualTo(processes - cascades).isEqualTo(report.linkedExits());
    assertThat(runtime.downsDelivered()).as("exits are seen without monitors").isZero();
    assertThat(runtime.exitSignalsTrapped()).isZero();
    assertThat(runtime.live()).as("the report comes after the last exit").isZero();
    assertThat(report.balanced()).isTrue();
    assertThat(report.depth()).isEqualTo(depth);
    assertThat(report.maxMicros()).isGreaterThanOrEqualTo(report.meanMicros()).isPositive();

    CascadeTickView last = events.ticks().getLast();
    assertThat(last.cascades()).isEqualTo(cascades);
    assertThat(last.exits()).isEqualTo(processes);
    assertThat(last.live()).isZero();
    assertThat(events.ticks()).extracting(CascadeTickView::elapsedMillis).isSorted();
    assertThat(events.ticks()).extracting(CascadeTickView::cascades).isSorted();
    CascadeStormView finished = service.current().orElseThrow();
    assertThat(finished.state()).isEqualTo("finished");
    assertThat(finished.report()).isEqualTo(report);
    assertThat(service.replay()).extracting(StreamEvent::name).containsExactly("cascade-tick", "cascade-report");
  }

  @Test
  void aTreeTheRuntimeCannotHoldFailsTheStormAndGoesDownByItsLinks() throws InterruptedException {
    service.stop();
    runtime.close();
    runtime = ProcessRuntime.builder().maxProcesses(10).build();
    service = new CascadeStormService(runtime, LIMITS, events, new StormSlot());

    service.start(new CascadeStormRequest(60L, 50, 4));
    StormFailureView failure = (StormFailureView) events.await("cascade-failed", f -> true);

    assertThat(failure.failure()).contains("a tree of 50 could not be built", "ProcessLimitExceededException");
    assertThat(service.current().orElseThrow().state()).isEqualTo("failed");
    assertThat(runtime.rejected()).isPositive();
    // Nothing kills what is left of the tree but its links: each process still live ends by itself.
    for (List<ProcessInfo> live = runtime.processes(100); !live.isEmpty(); live = runtime.processes(100)) {
      for (ProcessInfo info : live) {
        Optional<ProcessRef> process = runtime.find(info.pid());
        if (process.isPresent()) {
          assertThat(process.get().join(WAIT)).as(info.pid().toString()).isPresent();
        }
      }
    }
    // Out of the table is not yet out of the live count: the last exits may still be releasing their
    // slot. With the table empty a shutdown has nothing to kill; it waits for that count to reach zero.
    assertThat(runtime.shutdown(WAIT, WAIT)).isTrue();
    assertThat(runtime.live()).isZero();
    assertThat(runtime.finished(Exit.Outcome.NORMAL)).isZero();
  }

  @Test
  void withNoStormThereIsNothingToShowOrStop() {
    assertThat(service.current()).isEmpty();
    assertThat(service.stop()).isEmpty();
    assertThat(service.replay()).isEmpty();
  }

  /** Keeps every event, for the test to await. */
  static final class RecordingBroadcaster extends EventBroadcaster {
    private final BlockingQueue<StreamEvent> queue = new LinkedBlockingQueue<>();
    private final List<CascadeTickView> ticks = new ArrayList<>();

    RecordingBroadcaster() {
      super(new StreamProperties(Duration.ofMinutes(1), Duration.ofSeconds(15), 16));
    }

    @Override
    public void publish(StreamEvent event) {
      queue.add(event);
    }

    /** The data of the next event named {@code name} whose data matches, waiting at most {@link #WAIT}. */
    Object await(String name, Predicate<Object> test) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        StreamEvent event = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(event).as("a '%s' event within %s", name, WAIT).isNotNull();
        if (event.data() instanceof CascadeTickView tick) {
          ticks.add(tick);
        }
        if (event.name().equals(name) && test.test(event.data())) {
          return event.data();
        }
      }
    }

    /** The ticks awaited or passed over so far. */
    List<CascadeTickView> ticks() {
      return ticks;
    }
  }
}
