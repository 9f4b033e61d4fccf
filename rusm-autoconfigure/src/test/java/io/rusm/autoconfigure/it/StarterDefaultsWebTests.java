package io.rusm.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.Exit;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A web application that configures nothing about rusm or the actuator, run and closed like in production. */
class StarterDefaultsWebTests {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesPrometheusAndHealthButNotTheProcessesEndpointByDefault() throws Exception {
    try (ConfigurableApplicationContext context = SpringApplication.run(RusmTestApplication.class,
        "--server.port=0")) {
      int port = port(context);
      HttpResponse<String> prometheus = get(port, "/actuator/prometheus");
      assertThat(prometheus.statusCode()).isEqualTo(200);
      assertThat(prometheus.body()).contains("rusm_processes_live ", "rusm_processes_spawned_total ",
          "rusm_processes_limit " + (double) ProcessRuntime.DEFAULT_MAX_PROCESSES);
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(200);
      assertThat(get(port, "/actuator/processes").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void exposingTheProcessesEndpointExposesItReadOnly() throws Exception {
    try (ConfigurableApplicationContext context = SpringApplication.run(RusmTestApplication.class,
        "--server.port=0", "--management.endpoints.web.exposure.include=processes")) {
      int port = port(context);
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      CountDownLatch release = new CountDownLatch(1);
      ProcessRef process = runtime.spawn(ctx -> release.await());
      String path = "/actuator/processes/0." + process.pid().id() + ".0";
      assertThat(get(port, path).statusCode()).isEqualTo(200);
      HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(delete.statusCode()).isEqualTo(405);
      assertThat(process.isAlive()).isTrue();
      release.countDown();
      assertThat(process.join()).isEqualTo(Exit.normal());
    }
  }

  @Test
  void theRuntimeShutsDownOnlyAfterTheWebServerHasStopped() throws Exception {
    ConfigurableApplicationContext context = SpringApplication.run(RusmTestApplication.class,
        "--server.port=0", "--rusm.shutdown.grace-period=0s");
    int port = port(context);
    ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> refusedWhenKilled = new CompletableFuture<>();
    ProcessRef process = runtime.spawn(ctx -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException killed) {
        refusedWhenKilled.complete(refusesConnections(port));
      }
    });
    started.await();
    assertThat(refusesConnections(port)).isFalse();

    context.close();

    assertThat(process.join()).isEqualTo(Exit.killed());
    assertThat(refusedWhenKilled).isCompletedWithValue(true);
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port));
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException e) {
      throw new IllegalStateException("neither connected nor refused", e);
    }
  }

  private static int port(ConfigurableApplicationContext context) {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
