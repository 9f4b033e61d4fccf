package io.rusm.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessLimitExceededException;
import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The starter's promises over real HTTP: metrics at /actuator/prometheus, health, the processes endpoint. */
@SpringBootTest(classes = RusmTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "rusm.max-processes=8",
    "management.endpoints.web.exposure.include=health,prometheus,processes",
    "management.endpoint.processes.access=unrestricted",
    "management.endpoint.health.show-details=always",
    "management.metrics.tags.application=rusm-it"})
class ProcessRuntimeHttpTests {

  private static final Map<String, String> COMMON_TAGS = Map.of("application", "rusm-it");

  @LocalServerPort
  private int port;

  @Autowired
  private ProcessRuntime runtime;

  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ProcessRef> spawned = new ArrayList<>();

  @AfterEach
  void releaseEveryProcess() throws InterruptedException {
    release.countDown();
    for (ProcessRef process : spawned) {
      process.join();
    }
  }

  @Test
  void prometheusScrapeAgreesWithTheRuntimesCounts() throws Exception {
    spawn(ctx -> {
    }).join();
    spawn(ctx -> {
    }).join();
    spawn(ctx -> {
      throw new IllegalStateException("fails on purpose");
    }).join();
    ProcessRef killed = park("doomed");
    killed.kill();
    killed.join();
    while (runtime.live() < runtime.maxProcesses()) {
      park("parked");
    }
    for (int i = 0; i < 3; i++) {
      assertThatExceptionOfType(ProcessLimitExceededException.class).isThrownBy(() -> park("one too many"));
    }

    // Every process left is parked on the latch: the counts hold still while the scrape reads them.
    HttpResponse<String> response = get("/actuator/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    PrometheusText scrape = PrometheusText.parse(response.body());

    assertSample(scrape, "rusm_processes_spawned_total", Map.of(), "counter", runtime.spawned());
    assertSample(scrape, "rusm_processes_finished_total", Map.of("outcome", "normal"), "counter",
        runtime.finished(Exit.Outcome.NORMAL));
    assertSample(scrape, "rusm_processes_finished_total", Map.of("outcome", "killed"), "counter",
        runtime.finished(Exit.Outcome.KILLED));
    assertSample(scrape, "rusm_processes_finished_total", Map.of("outcome", "failed"), "counter",
        runtime.finished(Exit.Outcome.FAILED));
    assertSample(scrape, "rusm_processes_live", Map.of(), "gauge", runtime.live());
    assertSample(scrape, "rusm_processes_rejected_total", Map.of(), "counter", runtime.rejected());
    assertSample(scrape, "rusm_processes_limit", Map.of(), "gauge", 8);
    assertThat(runtime.live()).isEqualTo(8);
    assertThat(runtime.rejected()).isGreaterThanOrEqualTo(3);
    assertThat(runtime.finished(Exit.Outcome.FAILED)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void healthShowsTheRuntimeUpWithLiveAndLimit() throws Exception {
    park("worker");
    HttpResponse<String> response = get("/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    DocumentContext health = JsonPath.parse(response.body());
    assertThat(health.read("$.components.rusm.status", String.class)).isEqualTo("UP");
    assertThat(health.read("$.components.rusm.details.live", Long.class)).isEqualTo(runtime.live());
    assertThat(health.read("$.components.rusm.details.limit", Integer.class)).isEqualTo(8);
  }

  @Test
  void processesListsTotalsAndABoundedPage() throws Exception {
    ProcessRef worker = park("worker");
    HttpResponse<String> response = get("/actuator/processes");
    assertThat(response.statusCode()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(response.body());
    assertThat(json.read("$.accepting", Boolean.class)).isTrue();
    assertThat(json.read("$.totals.live", Long.class)).isEqualTo(runtime.live());
    assertThat(json.read("$.totals.spawned", Long.class)).isEqualTo(runtime.spawned());
    assertThat(json.read("$.totals.finished.normal", Long.class)).isEqualTo(runtime.finished(Exit.Outcome.NORMAL));
    assertThat(json.read("$.totals.maxProcesses", Integer.class)).isEqualTo(8);
    assertThat(json.read("$.page.limit", Integer.class)).isEqualTo(50);
    assertThat(json.read("$.page.capped", Boolean.class)).isFalse();
    List<String> pids = json.read("$.processes[*].pid");
    assertThat(pids).contains(worker.pid().toString());
    List<String> names = json.read("$.processes[?(@.pid == '" + worker.pid() + "')].name");
    assertThat(names).containsExactly("worker");

    DocumentContext capped = JsonPath.parse(get("/actuator/processes?limit=5000").body());
    assertThat(capped.read("$.page.requested", Integer.class)).isEqualTo(5000);
    assertThat(capped.read("$.page.limit", Integer.class)).isEqualTo(1000);
    assertThat(capped.read("$.page.capped", Boolean.class)).isTrue();

    HttpResponse<String> negative = get("/actuator/processes?limit=-1");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(negative.body()).read("$.error", String.class))
        .isEqualTo("limit must be zero or positive, was -1");
  }

  @Test
  void oneProcessByPidIsFoundNotFoundOrABadRequest() throws Exception {
    ProcessRef worker = park("worker");
    long id = worker.pid().id();
    for (String path : List.of("/actuator/processes/0." + id + ".0", "/actuator/processes/%3C0." + id + ".0%3E")) {
      HttpResponse<String> found = get(path);
      assertThat(found.statusCode()).as(path).isEqualTo(200);
      DocumentContext json = JsonPath.parse(found.body());
      assertThat(json.read("$.pid", String.class)).isEqualTo("<0." + id + ".0>");
      assertThat(json.read("$.name", String.class)).isEqualTo("worker");
    }

    HttpResponse<String> unknown = get("/actuator/processes/0.987654321.0");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JsonPath.parse(unknown.body()).read("$.error", String.class))
        .isEqualTo("no live process <0.987654321.0>");

    HttpResponse<String> malformed = get("/actuator/processes/not-a-pid");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(malformed.body()).read("$.error", String.class))
        .isEqualTo("not a pid: 'not-a-pid' (expected the form <0.42.0> or 0.42.0)");
  }

  @Test
  void deleteKillsTheProcess() throws Exception {
    ProcessRef worker = park("worker");
    String path = "/actuator/processes/0." + worker.pid().id() + ".0";
    HttpResponse<String> killed = send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    assertThat(killed.statusCode()).isEqualTo(200);
    DocumentContext json = JsonPath.parse(killed.body());
    assertThat(json.read("$.pid", String.class)).isEqualTo(worker.pid().toString());
    assertThat(json.read("$.killed", Boolean.class)).isTrue();
    assertThat(worker.join()).isEqualTo(Exit.killed());

    assertThat(send(HttpRequest.newBuilder(uri(path)).DELETE().build()).statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri("/actuator/processes/x")).DELETE().build()).statusCode())
        .isEqualTo(400);
  }

  private ProcessRef park(String name) {
    return spawn(name, ctx -> release.await());
  }

  private ProcessRef spawn(io.rusm.ProcessBody body) {
    return spawn(null, body);
  }

  private ProcessRef spawn(String name, io.rusm.ProcessBody body) {
    ProcessRef process = runtime.spawn(name, body);
    spawned.add(process);
    return process;
  }

  private static void assertSample(PrometheusText scrape, String name, Map<String, String> labels, String type,
      double expected) {
    PrometheusText.Sample sample = scrape.sample(name, labels);
    assertThat(sample.value()).as(name + labels).isEqualTo(expected);
    assertThat(sample.labels()).containsAllEntriesOf(COMMON_TAGS);
    assertThat(scrape.typeOf(name)).as("type of " + name).isEqualTo(type);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
