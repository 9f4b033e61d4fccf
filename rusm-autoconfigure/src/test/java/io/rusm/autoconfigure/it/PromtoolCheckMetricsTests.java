package io.rusm.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prometheus' own linter over the real {@code /actuator/prometheus} text: {@code promtool check metrics} must
 * have nothing to say about any {@code rusm_} metric (names, suffixes, units, help). It needs Debian's
 * {@code prometheus} package, which the build installs when {@code promtool} is missing; without it this test
 * fails rather than skips.
 */
@SpringBootTest(classes = RusmTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "rusm.mailbox.warn-length=4",
    "management.endpoints.web.exposure.include=health,prometheus,processes",
    "management.endpoint.health.show-details=always",
    "management.metrics.tags.application=rusm-messages-it"})
class PromtoolCheckMetricsTests {

  @LocalServerPort
  private int port;

  @Test
  void promtoolReportsNothingForAnyRusmMetric() throws Exception {
    HttpResponse<String> scrape = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("rusm_messages_sent_total", "rusm_mailboxes_backlogged",
        "rusm_processes_spawned_total");

    Process promtool = new ProcessBuilder(promtool().toString(), "check", "metrics").redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try (OutputStream stdin = promtool.getOutputStream()) {
      stdin.write(scrape.body().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String report = output.get(10, TimeUnit.SECONDS);
    List<String> aboutRusm = Arrays.stream(report.split("\n")).filter(line -> line.contains("rusm_")).toList();
    assertThat(aboutRusm).as("promtool check metrics, whole report:%n%s", report).isEmpty();
    // Exit status 3 means lint problems (in other libraries' metrics, perhaps); anything else is a failure to run.
    assertThat(promtool.exitValue()).as("promtool's exit status; report:%n%s", report).isIn(0, 3);
  }

  private static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path debian = Path.of("/usr/bin/promtool");
    assertThat(Files.isExecutable(debian))
        .as("promtool is needed: install Debian's prometheus package (apt-get install prometheus)").isTrue();
    return debian;
  }
}
