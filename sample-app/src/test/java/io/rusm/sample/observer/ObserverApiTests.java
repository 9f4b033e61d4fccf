package io.rusm.sample.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessInfo;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.sample.Http;
import io.rusm.sample.RunningAppTests;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The observer API over real HTTP, on processes the test spawns itself so that it knows them. */
class ObserverApiTests extends RunningAppTests {

  @Autowired
  ProcessRuntime runtime;

  // Released by each test's end, so that the processes it parked exit.
  final CountDownLatch release = new CountDownLatch(1);
  // Every process a test spawned, which it waits for at its end: the next test starts with none of them.
  final List<ProcessRef> spawned = new ArrayList<>();

  @AfterEach
  void releaseProcesses() throws InterruptedException {
    release.countDown();
    for (ProcessRef process : spawned) {
      assertThat(process.join(Duration.ofSeconds(10))).as(process.pid().toString()).isPresent();
    }
  }

  private ProcessRef parked(String name) {
    return spawned(runtime.spawn(name, ctx -> release.await()));
  }

  private ProcessRef spawned(ProcessRef process) {
    spawned.add(process);
    return process;
  }

  @Test
  void countsAndHeapWithoutTheTableByDefault() {
    ProcessRef one = parked("observed");

    JsonNode snapshot = http.get("/api/observer").json();

    assertThat(snapshot.get("live").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(snapshot.get("limit").asInt()).isEqualTo(runtime.maxProcesses());
    assertThat(snapshot.get("spawned").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(snapshot.get("finished").has("normal")).isTrue();
    assertThat(snapshot.get("finished").has("killed")).isTrue();
    assertThat(snapshot.get("finished").has("failed")).isTrue();
    assertThat(snapshot.get("rejected").asLong()).isZero();
    assertThat(snapshot.get("heap").get("usedBytes").asLong()).isPositive();
    assertThat(snapshot.get("heap").get("committedBytes").asLong())
        .isGreaterThanOrEqualTo(snapshot.get("heap").get("usedBytes").asLong());
    assertThat(snapshot.get("processes").isNull()).as("the table is only walked on request").isTrue();
    assertThat(one.isAlive()).isTrue();
  }

  @Test
  void listsLiveProcessesUpToTheLimit() {
    for (int i = 0; i < 5; i++) {
      parked("listed");
    }

    JsonNode all = http.get("/api/observer?processes=true&limit=1000").json().get("processes");
    JsonNode three = http.get("/api/observer?processes=true&limit=3").json().get("processes");

    assertThat(all.valueStream().filter(p -> "listed".equals(p.get("name").asString())).count()).isEqualTo(5);
    assertThat(three.size()).isEqualTo(3);
    JsonNode row = all.valueStream().filter(p -> "listed".equals(p.get("name").asString())).findFirst().orElseThrow();
    assertThat(Pid.parse(row.get("pid").asString())).isNotNull();
    assertThat(row.get("state").asString()).isIn("STARTING", "RUNNING", "WAITING");
    assertThat(row.get("ageMillis").asLong()).isNotNegative();
  }

  @Test
  void showsAProcessWithItsLinksAndMonitors() throws Exception {
    CompletableFuture<List<ProcessRef>> children = new CompletableFuture<>();
    ProcessRef watched = parked("watched");
    ProcessRef parent = spawned(runtime.spawn("parent", ctx -> {
      ctx.trapExits(true);
      List<ProcessRef> linked = List.of(ctx.spawnLink("child", c -> release.await()),
          ctx.spawnLink("child", c -> release.await()));
      ctx.monitor(watched.pid());
      children.complete(linked);
      release.await();
    }));
    List<ProcessRef> kids = children.get(10, TimeUnit.SECONDS);
    spawned.addAll(kids);
    String parentPid = parent.pid().toString();

    JsonNode detail = http.get("/api/observer/processes/" + bare(parent.pid())).json();
    assertThat(detail.get("pid").asString()).isEqualTo(parentPid);
    assertThat(detail.get("name").asString()).isEqualTo("parent");
    assertThat(detail.get("state").asString()).isIn("RUNNING", "WAITING");
    assertThat(detail.get("ageMillis").asLong()).isNotNegative();
    assertThat(detail.get("mailboxLength").asLong()).isZero();
    JsonNode links = detail.get("links");
    assertThat(links.get("count").asInt()).isEqualTo(2);
    assertThat(links.get("pids").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder(kids.get(0).pid().toString(), kids.get(1).pid().toString());
    assertThat(links.get("monitoredBy").asInt()).isZero();
    assertThat(links.get("monitoring").asInt()).isEqualTo(1);
    assertThat(links.get("trapsExits").asBoolean()).isTrue();

    JsonNode child = http.get("/api/observer/processes/" + bare(kids.get(0).pid())).json();
    assertThat(child.get("links").get("count").asInt()).isEqualTo(1);
    assertThat(child.get("links").get("pids").get(0).asString()).isEqualTo(parentPid);
    assertThat(child.get("links").get("trapsExits").asBoolean()).isFalse();
    JsonNode target = http.get("/api/observer/processes/"
        + URLEncoder.encode(watched.pid().toString(), StandardCharsets.UTF_8)).json();
    assertThat(target.get("links").get("count").asInt()).isZero();
    assertThat(target.get("links").get("pids").isEmpty()).isTrue();
    assertThat(target.get("links").get("monitoredBy").asInt()).isEqualTo(1);

    JsonNode rows = http.get("/api/observer?processes=true&limit=1000").json().get("processes");
    assertThat(rows.valueStream().filter(r -> r.get("pid").asString().equals(parentPid)).findFirst().orElseThrow()
        .get("links").asInt()).isEqualTo(2);
  }

  @Test
  void listsAtMost32LinkedPidsButCountsThemAll() throws Exception {
    CompletableFuture<List<ProcessRef>> linked = new CompletableFuture<>();
    ProcessRef hub = spawned(runtime.spawn("hub", ctx -> {
      List<ProcessRef> spokes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        spokes.add(ctx.spawnLink(c -> release.await()));
      }
      linked.complete(spokes);
      release.await();
    }));
    spawned.addAll(linked.get(10, TimeUnit.SECONDS));

    JsonNode links = http.get("/api/observer/processes/" + bare(hub.pid())).json().get("links");

    assertThat(links.get("count").asInt()).isEqualTo(40);
    assertThat(links.get("pids").size()).isEqualTo(ProcessInfo.MAX_LINKED_PIDS);
  }

  @Test
  void aGoneProcessIs404AndAMalformedPid400() throws InterruptedException {
    ProcessRef done = runtime.spawn(ctx -> { });
    done.join();

    Http.Answer gone = http.get("/api/observer/processes/" + bare(done.pid()));
    Http.Answer malformed = http.get("/api/observer/processes/0.42");

    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.contentType()).startsWith("application/problem+json");
    assertThat(gone.json().get("pid").asString()).isEqualTo(done.pid().toString());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("errors").get(0).get("field").asString()).isEqualTo("pid");
  }

  private static String bare(Pid pid) {
    return pid.toString().replace("<", "").replace(">", "");
  }

  @Test
  void killsAProcessByPidInBothForms() throws InterruptedException {
    ProcessRef bare = parked("victim");
    ProcessRef bracketed = parked("victim");
    String bareText = bare.pid().toString().replace("<", "").replace(">", "");

    Http.Answer first = http.delete("/api/observer/processes/" + bareText);
    Http.Answer second = http.delete("/api/observer/processes/"
        + URLEncoder.encode(bracketed.pid().toString(), StandardCharsets.UTF_8));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("pid").asString()).isEqualTo(bare.pid().toString());
    assertThat(first.json().get("outcome").asString()).isEqualTo("killed");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("outcome").asString()).isEqualTo("killed");
    assertThat(bare.join(Duration.ofSeconds(10))).contains(Exit.killed());
    assertThat(bracketed.join(Duration.ofSeconds(10))).contains(Exit.killed());
    assertThat(runtime.find(bare.pid())).isEmpty();
    assertThat(http.get("/api/observer?processes=true&limit=1000").json().get("processes").valueStream()
        .map(p -> p.get("pid").asString())).doesNotContain(bare.pid().toString(), bracketed.pid().toString());
  }

  @Test
  void killingAGoneOrUnknownProcessIs404() throws InterruptedException {
    ProcessRef done = runtime.spawn(ctx -> { });
    done.join();

    Http.Answer gone = http.delete("/api/observer/processes/" + done.pid().toString()
        .replace("<", "%3C").replace(">", "%3E"));
    Http.Answer unknown = http.delete("/api/observer/processes/0.999999999.0");

    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.contentType()).startsWith("application/problem+json");
    assertThat(gone.json().get("title").asString()).isEqualTo("No such process");
    assertThat(gone.json().get("pid").asString()).isEqualTo(done.pid().toString());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("detail").asString()).contains("<0.999999999.0>");
  }

  @Test
  void aMalformedPidIs400() {
    for (String text : new String[] {"abc", "0.42", "1.42.0", "%3C0.42.0", "-1"}) {
      Http.Answer answer = http.delete("/api/observer/processes/" + text);

      assertThat(answer.status()).as(text).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      JsonNode error = answer.json().get("errors").get(0);
      assertThat(error.get("field").asString()).isEqualTo("pid");
      assertThat(error.get("rule").asString()).contains("must be written 0.42.0 or <0.42.0>");
    }
  }

  @Test
  void badParametersAre400() {
    Http.Answer zero = http.get("/api/observer?processes=true&limit=0");
    Http.Answer huge = http.get("/api/observer?processes=true&limit=1001");
    Http.Answer text = http.get("/api/observer?limit=many");
    Http.Answer flag = http.get("/api/observer?processes=maybe");

    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.json().get("errors").get(0).get("rule").asString()).contains("sample.observer.max-rows");
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.contentType()).startsWith("application/problem+json");
    assertThat(text.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    assertThat(text.json().get("errors").get(0).get("rule").asString()).contains("a whole number");
    assertThat(flag.status()).isEqualTo(400);
    assertThat(flag.json().get("errors").get(0).get("field").asString()).isEqualTo("processes");
    assertThat(flag.json().get("errors").get(0).get("rule").asString()).contains("true or false");
  }
}
