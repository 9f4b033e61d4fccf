package io.rusm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProcessRuntimeMetricsTest {

  @Test
  void metersReadTheRuntimesCountersAtReadTime() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessRuntime runtime = ProcessRuntime.builder().maxProcesses(3)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      new ProcessRuntimeMetrics(runtime, Tags.of("runtime", "main")).bindTo(registry);

      runtime.spawn(ctx -> {}).join();
      runtime.spawn(ctx -> {
        throw new IllegalStateException("planned");
      }).join();
      CountDownLatch never = new CountDownLatch(1);
      ProcessRef parked = runtime.spawn(ctx -> never.await());
      runtime.spawn(ctx -> never.await());
      runtime.spawn(ctx -> never.await());
      assertThatThrownBy(() -> runtime.spawn(ctx -> {})).isInstanceOf(ProcessLimitExceededException.class);
      parked.kill();
      parked.join();

      assertThat(counter(registry, "rusm.processes.spawned", null)).isEqualTo(5);
      assertThat(counter(registry, "rusm.processes.finished", "normal")).isEqualTo(1);
      assertThat(counter(registry, "rusm.processes.finished", "failed")).isEqualTo(1);
      assertThat(counter(registry, "rusm.processes.finished", "killed")).isEqualTo(1);
      assertThat(counter(registry, "rusm.processes.rejected", null)).isEqualTo(1);
      assertThat(registry.get("rusm.processes.live").tag("runtime", "main").gauge().value()).isEqualTo(2);
      assertThat(registry.get("rusm.processes.limit").gauge().value()).isEqualTo(3);
    }
    assertThat(registry.get("rusm.processes.live").gauge().value()).isZero();
  }

  private static double counter(SimpleMeterRegistry registry, String name, String outcome) {
    var search = registry.get(name).tag("runtime", "main");
    if (outcome != null) {
      search = search.tag("outcome", outcome);
    }
    FunctionCounter counter = search.functionCounter();
    return counter.count();
  }

  @Test
  void messageMetersReadTheRuntimesMessageCounters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessRuntime runtime = ProcessRuntime.builder().mailboxWarnLength(2)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      new ProcessRuntimeMetrics(runtime, Tags.of("runtime", "main")).bindTo(registry);
      CountDownLatch go = new CountDownLatch(1);
      ProcessRef receiver = runtime.spawn(ctx -> {
        go.await();
        ctx.receive();
      });
      for (int i = 0; i < 4; i++) {
        receiver.send(i);
      }
      assertThat(registry.get("rusm.mailboxes.backlogged").gauge().value()).isEqualTo(1);
      assertThat(registry.get("rusm.mailboxes.longest").gauge().value()).isEqualTo(4);
      assertThat(registry.get("rusm.mailboxes.warn.length").gauge().value()).isEqualTo(2);
      go.countDown();
      receiver.join();
      receiver.send("late");

      assertThat(counter(registry, "rusm.messages.sent", null)).isEqualTo(5);
      assertThat(counter(registry, "rusm.messages.delivered", null)).isEqualTo(4);
      assertThat(counter(registry, "rusm.messages.received", null)).isEqualTo(1);
      assertThat(counter(registry, "rusm.messages.dropped", null)).isEqualTo(3);
      assertThat(counter(registry, "rusm.messages.dead.letters", null)).isEqualTo(1);
      assertThat(registry.get("rusm.mailboxes.backlogged").gauge().value()).isZero();
    }
  }

  @Test
  void linkMetersReadTheRuntimesLinkCounters() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build()) {
      new ProcessRuntimeMetrics(runtime, Tags.of("runtime", "main")).bindTo(registry);
      CompletableFuture<ProcessRef> linked = new CompletableFuture<>();
      ProcessRef parent = runtime.spawn(ctx -> {
        ctx.trapExits(true);
        ProcessRef trapped = ctx.spawnLink(c -> {});
        ctx.monitor(trapped.pid());
        ctx.receive(io.rusm.ExitSignal.class);
        ctx.receive(io.rusm.Down.class);
        ctx.trapExits(false);
        linked.complete(ctx.spawnLink(c -> c.receive()));
        ctx.receive();
      });
      ProcessRef child = linked.get();
      parent.kill();
      // The child's exit, not the parent's: the parent's exit is recorded before its links are signalled.
      assertThat(child.join()).isInstanceOfSatisfying(Exit.Killed.class, k -> assertThat(k.isLinked()).isTrue());
      runtime.shutdown(Duration.ZERO);

      assertThat(counter(registry, "rusm.processes.linked.exits", null)).isEqualTo(1);
      assertThat(counter(registry, "rusm.monitors.downs", null)).isEqualTo(1);
      assertThat(counter(registry, "rusm.links.exit.signals.trapped", null)).isEqualTo(1);
    }
  }

  @Test
  void describesEveryMeter() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      new ProcessRuntimeMetrics(runtime, Tags.empty()).bindTo(registry);
      assertThat(registry.getMeters()).hasSize(18)
          .allSatisfy(m -> assertThat(m.getId().getDescription()).isNotBlank());
      Gauge live = registry.get("rusm.processes.live").gauge();
      assertThat(live.value()).isZero();
    }
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> new ProcessRuntimeMetrics(null, Tags.empty())).hasMessage("runtime");
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      assertThatThrownBy(() -> new ProcessRuntimeMetrics(runtime, null)).hasMessage("tags");
    }
  }
}
