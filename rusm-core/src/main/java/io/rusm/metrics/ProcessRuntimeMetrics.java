package io.rusm.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rusm.Exit;
import io.rusm.ProcessRuntime;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ProcessRuntime}'s counters to a Micrometer registry. Every meter reads the runtime's own
 * counters when the registry is scraped, so metrics add nothing to spawn or exit.
 *
 * <p>In Prometheus' text format:
 * <ul>
 *   <li>{@code rusm_processes_spawned_total} (counter)</li>
 *   <li>{@code rusm_processes_finished_total{outcome="normal|killed|failed"}} (counter)</li>
 *   <li>{@code rusm_processes_live} (gauge)</li>
 *   <li>{@code rusm_processes_rejected_total} (counter)</li>
 *   <li>{@code rusm_processes_limit} (gauge)</li>
 *   <li>{@code rusm_messages_sent_total}, {@code rusm_messages_delivered_total}, {@code
 *       rusm_messages_received_total}, {@code rusm_messages_dead_letters_total}, {@code
 *       rusm_messages_dropped_total} (counters)</li>
 *   <li>{@code rusm_mailboxes_backlogged}, {@code rusm_mailboxes_longest}, {@code
 *       rusm_mailboxes_warn_length} (gauges; see {@link ProcessRuntime#mailboxBacklog()})</li>
 *   <li>{@code rusm_processes_linked_exits_total}, {@code rusm_monitors_downs_total}, {@code
 *       rusm_links_exit_signals_trapped_total} (counters)</li>
 * </ul>
 *
 * <pre>{@code
 * new ProcessRuntimeMetrics(runtime, Tags.empty()).bindTo(registry);
 * }</pre>
 */
public final class ProcessRuntimeMetrics implements MeterBinder {

  private final ProcessRuntime runtime;
  private final Iterable<Tag> tags;

  /**
   * @param runtime the runtime to observe
   * @param tags tags added to every meter, for example to tell two runtimes apart
   */
  public ProcessRuntimeMetrics(ProcessRuntime runtime, Iterable<Tag> tags) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("rusm.processes.spawned", runtime, ProcessRuntime::spawned)
        .description("Processes spawned")
        .tags(tags)
        .register(registry);
    for (Exit.Outcome outcome : Exit.Outcome.values()) {
      FunctionCounter.builder("rusm.processes.finished", runtime, r -> r.finished(outcome))
          .description("Processes that have exited, by outcome")
          .tags(tags)
          .tag("outcome", outcome.tag())
          .register(registry);
    }
    Gauge.builder("rusm.processes.live", runtime, ProcessRuntime::live)
        .description("Processes spawned and not yet exited")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("rusm.processes.rejected", runtime, ProcessRuntime::rejected)
        .description("Spawns refused because the process limit was reached or the runtime was shut down")
        .tags(tags)
        .register(registry);
    Gauge.builder("rusm.processes.limit", runtime, ProcessRuntime::maxProcesses)
        .description("The most processes that may be live at once")
        .tags(tags)
        .register(registry);
    counter(registry, "rusm.messages.sent", ProcessRuntime::messagesSent,
        "Messages sent, replies included; each is delivered or a dead letter");
    counter(registry, "rusm.messages.delivered", ProcessRuntime::messagesDelivered,
        "Messages that reached a live process's mailbox, or a reply its waiting caller");
    counter(registry, "rusm.messages.received", ProcessRuntime::messagesReceived,
        "Messages taken by a receive");
    counter(registry, "rusm.messages.dead.letters", ProcessRuntime::deadLetters,
        "Messages that reached no live process, or replies nobody waited for");
    counter(registry, "rusm.messages.dropped", ProcessRuntime::messagesDropped,
        "Messages still in a mailbox when its process exited");
    counter(registry, "rusm.processes.linked.exits", ProcessRuntime::linkedExits,
        "Processes that ended because a process linked to them ended");
    counter(registry, "rusm.monitors.downs", ProcessRuntime::downsDelivered,
        "Down messages delivered to the processes monitoring one that ended");
    counter(registry, "rusm.links.exit.signals.trapped", ProcessRuntime::exitSignalsTrapped,
        "Exit signals delivered as messages to processes that trap exits");
    Gauge.builder("rusm.mailboxes.backlogged", runtime, r -> r.mailboxBacklog().processes())
        .description("Processes whose mailbox is longer than the warn length")
        .tags(tags)
        .register(registry);
    Gauge.builder("rusm.mailboxes.longest", runtime, r -> r.mailboxBacklog().longest())
        .description("The longest mailbox among the backlogged processes, in messages, or 0")
        .tags(tags)
        .register(registry);
    Gauge.builder("rusm.mailboxes.warn.length", runtime, ProcessRuntime::mailboxWarnLength)
        .description("The mailbox length past which a process counts as backlogged")
        .tags(tags)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, ToDoubleFunction<ProcessRuntime> read,
      String description) {
    FunctionCounter.builder(name, runtime, read).description(description).tags(tags).register(registry);
  }
}
