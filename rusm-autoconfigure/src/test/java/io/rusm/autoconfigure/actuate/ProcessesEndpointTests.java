package io.rusm.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessRef;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.Finished;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.KillDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.Mailboxes;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.Messages;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.Page;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.ProcessDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.ProcessesDescriptor;
import io.rusm.autoconfigure.actuate.ProcessesEndpoint.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class ProcessesEndpointTests {

  private static final Messages NO_MESSAGES = new Messages(0, 0, 0, 0, 0);
  private static final Mailboxes NO_BACKLOG = new Mailboxes(0, 0, ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH);

  private final ProcessRuntime runtime = ProcessRuntime.builder().maxProcesses(4).build();
  private final ProcessesEndpoint endpoint = new ProcessesEndpoint(runtime);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ProcessRef> parked = new ArrayList<>();

  @AfterEach
  void releaseAndShutDown() {
    release.countDown();
    runtime.shutdown(Duration.ZERO);
  }

  @Test
  void aProcessShowsItsLinksAndMonitors() throws Exception {
    CountDownLatch linked = new CountDownLatch(1);
    ProcessRef[] child = new ProcessRef[1];
    ProcessRef hub = runtime.spawn("hub", ctx -> {
      ctx.trapExits(true);
      child[0] = ctx.spawnLink(c -> release.await());
      ctx.monitor(child[0].pid());
      linked.countDown();
      release.await();
    });
    linked.await();

    ProcessesEndpoint.LinksDescriptor hubLinks = endpoint.process(hub.pid().toString()).links();
    assertThat(hubLinks).isEqualTo(new ProcessesEndpoint.LinksDescriptor(1, List.of(child[0].pid().toString()),
        0, 1, true));
    ProcessesEndpoint.LinksDescriptor childLinks = endpoint.process(child[0].pid().toString()).links();
    assertThat(childLinks).isEqualTo(new ProcessesEndpoint.LinksDescriptor(1, List.of(hub.pid().toString()),
        1, 0, false));
  }

  @Test
  void totalsAndADefaultPageOfLiveProcesses() throws Exception {
    runtime.spawn(ctx -> {
    }).join();
    runtime.spawn(ctx -> {
      throw new IllegalStateException("fails on purpose");
    }).join();
    ProcessRef killed = park("doomed");
    killed.kill();
    killed.join();
    park("worker");
    park(null);

    ProcessesDescriptor described = endpoint.processes(null, null);
    // A process's start time comes from the monotonic clock, anchored to the wall clock once.
    Instant after = Instant.now().plusSeconds(1);

    assertThat(described.accepting()).isTrue();
    assertThat(described.totals()).isEqualTo(new Totals(5, new Finished(1, 1, 1), 2, 0, 4, NO_MESSAGES, NO_BACKLOG));
    assertThat(described.page()).isEqualTo(new Page(ProcessesEndpoint.DEFAULT_LIMIT, ProcessesEndpoint.DEFAULT_LIMIT,
        ProcessesEndpoint.MAX_LIMIT, false, null, 2, false));
    assertThat(described.processes()).extracting(ProcessDescriptor::pid)
        .containsExactlyInAnyOrder(parked.get(1).pid().toString(), parked.get(2).pid().toString());
    assertThat(described.processes()).extracting(ProcessDescriptor::name).containsExactlyInAnyOrder("worker", null);
    for (ProcessDescriptor process : described.processes()) {
      assertThat(process.state()).isIn("STARTING", "RUNNING", "WAITING");
      assertThat(Instant.parse(process.startedAt())).isBefore(after);
      assertThat(Duration.parse(process.age()).isNegative()).isFalse();
      assertThat(process.mailboxLength()).isZero();
    }
  }

  @Test
  void eachProcessShowsItsMailboxLengthAndTheTotalsTheMessageCounters() throws Exception {
    ProcessRef quiet = park("quiet");
    ProcessRef busy = park("busy");
    for (int i = 0; i < 3; i++) {
      busy.send("m" + i);
    }
    quiet.send("one");
    runtime.send(new Pid(987654), "nobody");

    assertThat(endpoint.process(busy.pid().toString()).mailboxLength()).isEqualTo(3);
    assertThat(endpoint.process(quiet.pid().toString()).mailboxLength()).isEqualTo(1);
    ProcessesDescriptor described = endpoint.processes(null, null);
    assertThat(described.processes()).extracting(ProcessDescriptor::name, ProcessDescriptor::mailboxLength)
        .containsExactlyInAnyOrder(Tuple.tuple("quiet", 1L),
            Tuple.tuple("busy", 3L));
    assertThat(described.totals().messages()).isEqualTo(new Messages(5, 4, 0, 1, 0));
  }

  @Test
  void sortedByMailboxListsTheLongestFirstUpToTheLimit() throws Exception {
    ProcessRef one = park("one");
    ProcessRef three = park("three");
    ProcessRef two = park("two");
    park("none");
    one.send(1);
    for (int i = 0; i < 3; i++) {
      three.send(i);
    }
    two.send(1);
    two.send(2);

    ProcessesDescriptor all = endpoint.processes(null, "mailbox");
    assertThat(all.processes()).extracting(ProcessDescriptor::name).containsExactly("three", "two", "one", "none");
    assertThat(all.page()).isEqualTo(new Page(ProcessesEndpoint.DEFAULT_LIMIT, ProcessesEndpoint.DEFAULT_LIMIT,
        ProcessesEndpoint.MAX_LIMIT, false, "mailbox", 4, false));

    ProcessesDescriptor top2 = endpoint.processes(2, "mailbox");
    assertThat(top2.processes()).extracting(ProcessDescriptor::name, ProcessDescriptor::mailboxLength)
        .containsExactly(Tuple.tuple("three", 3L), Tuple.tuple("two", 2L));
    assertThat(top2.page()).isEqualTo(new Page(2, 2, ProcessesEndpoint.MAX_LIMIT, false, "mailbox", 2, true));
    assertThat(endpoint.processes(0, "mailbox").processes()).isEmpty();
    assertThat(endpoint.processes(null, "").page().sort()).isNull();
  }

  @Test
  void anUnknownSortIsAnInvalidRequestNamingTheAllowedValue() {
    String message = "sort must be 'mailbox' (longest mailbox first) or absent (table order), was 'age'";
    assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.processes(null, "age"))
        .withMessage(message)
        .satisfies(e -> assertThat(e.getReason()).isEqualTo(message));
  }

  @Test
  void aPageNeverListsMoreThanTheLimitAndSaysWhenMoreAreLive() throws Exception {
    park("a");
    park("b");
    park("c");
    ProcessesDescriptor described = endpoint.processes(2, null);
    assertThat(described.page()).isEqualTo(new Page(2, 2, ProcessesEndpoint.MAX_LIMIT, false, null, 2, true));
    assertThat(described.processes()).hasSize(2);
    assertThat(endpoint.processes(0, null).page()).isEqualTo(new Page(0, 0, ProcessesEndpoint.MAX_LIMIT, false, null, 0, true));
  }

  @Test
  void aLimitAboveTheCapIsCappedAndSaysSo() {
    assertThat(endpoint.processes(5000, null).page())
        .isEqualTo(new Page(5000, ProcessesEndpoint.MAX_LIMIT, ProcessesEndpoint.MAX_LIMIT, true, null, 0, false));
  }

  @Test
  void aNegativeLimitIsAnInvalidRequest() {
    assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.processes(-1, null))
        .withMessage("limit must be zero or positive, was -1")
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("limit must be zero or positive, was -1"));
  }

  @Test
  void rejectionsAndShutdownShowInTheTotals() throws Exception {
    for (int i = 0; i < 4; i++) {
      park(null);
    }
    assertThatExceptionOfType(ProcessLimitExceededException.class).isThrownBy(() -> park(null));
    release.countDown();
    for (ProcessRef handle : parked) {
      handle.join();
    }
    runtime.shutdown(Duration.ZERO);
    ProcessesDescriptor described = endpoint.processes(null, null);
    assertThat(described.accepting()).isFalse();
    assertThat(described.totals()).isEqualTo(new Totals(4, new Finished(4, 0, 0), 0, 1, 4, NO_MESSAGES, NO_BACKLOG));
    assertThat(described.processes()).isEmpty();
  }

  @Test
  void oneLiveProcessByEitherFormOfItsPid() throws Exception {
    ProcessRef worker = park("worker");
    long id = worker.pid().id();
    ProcessDescriptor bracketed = endpoint.process("<0." + id + ".0>");
    assertThat(bracketed.pid()).isEqualTo("<0." + id + ".0>");
    assertThat(bracketed.name()).isEqualTo("worker");
    assertThat(bracketed.state()).isIn("STARTING", "RUNNING", "WAITING");
    assertThat(Instant.parse(bracketed.startedAt())).isBefore(Instant.now().plusSeconds(1));
    assertThat(Duration.parse(bracketed.age()).isNegative()).isFalse();
    assertThat(bracketed.mailboxLength()).isZero();
    assertThat(endpoint.process("0." + id + ".0").pid()).isEqualTo(bracketed.pid());
    ProcessRef unnamed = park(null);
    assertThat(endpoint.process(unnamed.pid().toString()).name()).isNull();
  }

  @Test
  void noProcessForAPidThatIsNotLive() {
    assertThat(endpoint.process(new Pid(12345).toString())).isNull();
  }

  @Test
  void aTextThatIsNotAPidIsAnInvalidRequestWithPidParsesMessage() {
    assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.process("abc"))
        .withMessage("not a pid: 'abc' (expected the form <0.42.0> or 0.42.0)")
        .satisfies(e -> assertThat(e.getReason()).isEqualTo(e.getMessage()))
        .withCauseInstanceOf(IllegalArgumentException.class);
    assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.kill("0.1"));
  }

  @Test
  void killKillsALiveProcessOnce() throws Exception {
    ProcessRef worker = park("worker");
    String pid = worker.pid().toString();
    assertThat(endpoint.kill(pid)).isEqualTo(new KillDescriptor(pid, true));
    if (worker.isAlive()) {
      assertThat(endpoint.kill(pid)).isIn(new KillDescriptor(pid, false), null);
    }
    assertThat(worker.join()).isEqualTo(Exit.killed());
    assertThat(endpoint.kill(pid)).isNull();
  }

  private ProcessRef park(String name) {
    ProcessRef handle = runtime.spawn(name, ctx -> release.await());
    parked.add(handle);
    return handle;
  }
}
