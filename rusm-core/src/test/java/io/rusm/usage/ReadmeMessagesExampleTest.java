package io.rusm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.*;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's messaging example, as written there, so that it keeps compiling and meaning what it says. */
class ReadmeMessagesExampleTest {

  sealed interface Msg {}

  record Job(int id) implements Msg {}

  record Stop() implements Msg {}

  record Get(String key, ReplyTo<String> replyTo) {}

  @Test
  void theReadmeExampleRunsAsDescribed() throws Exception {
    List<String> printed = new CopyOnWriteArrayList<>();
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      ProcessRef worker = runtime.spawn("worker", ctx -> {
        while (true) {
          switch (ctx.receive()) {
            case Job(int id) -> printed.add("job " + id);
            case Get(String key, ReplyTo<String> replyTo) -> replyTo.reply(key.toUpperCase());
            case Stop s -> {
              return;
            }
            default -> {}
          }
        }
      });
      assertThat(worker.send(new Job(1))).isTrue();
      assertThat(runtime.send(worker.pid(), new Job(2))).isTrue();
      String v = runtime.<String>ask(worker.pid(), r -> new Get("k", r), Duration.ofSeconds(10)).join();
      worker.send(new Stop());

      assertThat(v).isEqualTo("K");
      assertThat(worker.join()).isEqualTo(Exit.normal());
      assertThat(printed).containsExactly("job 1", "job 2");
      assertThat(worker.send(new Job(3))).isFalse();
    }
  }

  @Test
  void theReadmeReceiveMatchExampleLeavesWhatDoesNotMatch() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      ProcessRef p = runtime.spawn(ctx -> {
        Optional<String> r = ctx.receiveMatch(m -> switch (m) {
          case Job(int id) when id > 10 -> "big job " + id;
          case Stop s -> "stop";
          default -> null;
        }, Duration.ofSeconds(10));
        assertThat(r).contains("big job 11");
        assertThat(ctx.receive(Duration.ZERO)).contains(new Job(1));
      });
      p.send(new Job(1));
      p.send(new Job(11));
      assertThat(p.join()).isEqualTo(Exit.normal());
    }
  }
}
