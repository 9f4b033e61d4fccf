package io.rusm.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rusm.sample.RunningAppTests;
import io.rusm.sample.Storms;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which the build installs with promtool) scrapes
 * the application every second and evaluates the shipped rules while a storm runs: every dashboard
 * panel's query and every recording rule returns data, and the dashboard's variables find the app.
 */
class PrometheusServerTests extends RunningAppTests {

  private static final String JOB = "rusm-sample";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DATA_TIMEOUT = Duration.ofSeconds(60);
  // How often the test asks the server again while it waits for a scrape or a rule evaluation.
  private static final Duration POLL = Duration.ofMillis(250);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  @Test
  void everyPanelAndRecordingRuleReturnsDataDuringAStorm() throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - "%s"
        scrape_configs:
          - job_name: %s
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(MonitoringFiles.dir().resolve("prometheus/rusm-rules.yml").toAbsolutePath(), JOB, port));
    int serverPort = freePort();
    String base = "http://127.0.0.1:" + serverPort;
    Path log = dir.resolve("prometheus.log");
    Process server = new ProcessBuilder(prometheus().toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + serverPort,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Storms.start(http,
          "{\"durationSeconds\":120,\"liveCap\":200,\"spawners\":1,\"sleepMs\":50,\"failFraction\":0.2,\"killFraction\":0.2}");
      awaitReady(server, base, log);

      String instance = "127.0.0.1:" + port;
      Map<String, String> queries = new LinkedHashMap<>();
      MonitoringFiles.panelExpressions(MonitoringFiles.dashboard()).forEach((key, expr) -> queries.put(key,
          expr.replace("$__rate_interval", "5s").replace("$__range", "1m")
              .replace("$job", JOB).replace("$instance", instance)));
      MonitoringFiles.recordedNames().forEach(name -> queries.put("record " + name, name));
      // The storm shows: spawns and live processes above zero.
      queries.put("spawning", "job:rusm_processes_spawned:rate1m{job=\"" + JOB + "\"} > 0");
      queries.put("live", "rusm_processes_live{job=\"" + JOB + "\"} > 0");

      Map<String, String> missing = new TreeMap<>();
      long deadline = System.nanoTime() + DATA_TIMEOUT.toNanos();
      do {
        missing.clear();
        for (Map.Entry<String, String> query : queries.entrySet()) {
          JsonNode result = get(base, "/api/v1/query?query=" + encode(query.getValue())).path("data").path("result");
          if (result.isEmpty()) {
            missing.put(query.getKey(), query.getValue());
          }
        }
        if (missing.isEmpty()) {
          break;
        }
        Thread.sleep(POLL);
      } while (System.nanoTime() < deadline && server.isAlive());
      assertThat(missing).as("queries with no data after " + DATA_TIMEOUT + "; Prometheus log:\n" + tail(log))
          .isEmpty();

      // The dashboard's job and instance variables (label_values over rusm_processes_live) find the app.
      assertThat(labelValues(base, "job", "rusm_processes_live")).contains(JOB);
      assertThat(labelValues(base, "instance", "rusm_processes_live{job=\"" + JOB + "\"}")).contains(instance);
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  /** Debian's /usr/bin/prometheus, or the first on the PATH; fails saying what to install. */
  private static Path prometheus() {
    Path debian = Path.of("/usr/bin/prometheus");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).map(p -> Path.of(p, "prometheus"))
        .filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("this test needs a Prometheus server: the build installs Debian's "
            + "prometheus package when /usr/bin/promtool is missing; elsewhere put prometheus on the PATH"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Process server, String base, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("Prometheus exited with " + server.exitValue() + ":\n" + tail(log));
      }
      try {
        if (send(base + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // Polled again below, until the deadline.
      }
      Thread.sleep(POLL);
    }
    fail("Prometheus not ready after " + READY_TIMEOUT + ":\n" + tail(log));
  }

  private List<String> labelValues(String base, String label, String match) throws Exception {
    JsonNode data = get(base, "/api/v1/label/" + label + "/values?match%5B%5D=" + encode(match)).path("data");
    List<String> values = new ArrayList<>();
    for (JsonNode value : data) {
      values.add(value.asString());
    }
    return values;
  }

  private JsonNode get(String base, String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = send(base + pathAndQuery);
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  private HttpResponse<String> send(String uri) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
