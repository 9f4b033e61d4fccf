package io.rusm.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/**
 * Messages over real HTTP: every rusm_messages_* and rusm_mailboxes_* sample at /actuator/prometheus against
 * the runtime's own counters, mailbox lengths and sorting in the processes endpoint, and the health details.
 */
@SpringBootTest(classes = RusmTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "rusm.mailbox.warn-length=4",
    "management.endpoints.web.exposure.include=health,prometheus,processes",
    "management.endpoint.health.show-details=always",
    "management.metrics.tags.application=rusm-messages-it"})
class MessagesHttpTests {

  private static final Map<String, String> COMMON_TAGS = Map.of("application", "rusm-messages-it");

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
  void everyMessageAndMailboxSampleAgreesWithTheRuntimesCounters() throws Exception {
    long sent = runtime.messagesSent();
    long delivered = runtime.messagesDelivered();
    long received = runtime.messagesReceived();
    long deadLetters = runtime.deadLetters();
    long dropped = runtime.messagesDropped();

    // Received: a process takes five messages, then parks.
    CountDownLatch tookFive = new CountDownLatch(1);
    ProcessRef receiver = spawn("receiver", ctx -> {
      for (int i = 0; i < 5; i++) {
        ctx.receive();
      }
      tookFive.countDown();
      release.await();
    });
    for (int i = 0; i < 5; i++) {
      assertThat(receiver.send(i)).isTrue();
    }
    tookFive.await();
    // Dead letters: to a pid that never lived, and to a process that has exited.
    assertThat(runtime.send(new Pid(987_654_321L), "nobody")).isFalse();
    ProcessRef exited = spawn("exited", ctx -> {
    });
    exited.join();
    assertThat(exited.send("too late")).isFalse();
    // Dropped: three messages left in a mailbox when its process is killed.
    ProcessRef doomed = spawn("doomed", ctx -> release.await());
    for (int i = 0; i < 3; i++) {
      doomed.send(i);
    }
    doomed.kill();
    assertThat(doomed.join()).isEqualTo(Exit.killed());
    // Backlog: a mailbox past the warn length of 4, and one below it.
    ProcessRef backlogged = spawn("backlogged", ctx -> release.await());
    for (int i = 0; i < 20; i++) {
      backlogged.send(i);
    }
    ProcessRef short1 = spawn("short", ctx -> release.await());
    short1.send("one");

    // Every process left is parked on the latch: the counters hold still while the scrape reads them.
    PrometheusText scrape = PrometheusText.parse(get("/actuator/prometheus").body());

    assertSample(scrape, "rusm_messages_sent_total", "counter", runtime.messagesSent());
    assertSample(scrape, "rusm_messages_delivered_total", "counter", runtime.messagesDelivered());
    assertSample(scrape, "rusm_messages_received_total", "counter", runtime.messagesReceived());
    assertSample(scrape, "rusm_messages_dead_letters_total", "counter", runtime.deadLetters());
    assertSample(scrape, "rusm_messages_dropped_total", "counter", runtime.messagesDropped());
    assertSample(scrape, "rusm_mailboxes_backlogged", "gauge", runtime.mailboxBacklog().processes());
    assertSample(scrape, "rusm_mailboxes_longest", "gauge", runtime.mailboxBacklog().longest());
    assertSample(scrape, "rusm_mailboxes_warn_length", "gauge", 4);
    assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("rusm_messages_")
        || s.name().startsWith("rusm_mailboxes_")).hasSize(8);

    // And those counters are what this test did.
    assertThat(runtime.messagesSent() - sent).isEqualTo(5 + 2 + 3 + 20 + 1);
    assertThat(runtime.messagesDelivered() - delivered).isEqualTo(5 + 3 + 20 + 1);
    assertThat(runtime.messagesReceived() - received).isEqualTo(5);
    assertThat(runtime.deadLetters() - deadLetters).isEqualTo(2);
    assertThat(runtime.messagesDropped() - dropped).isEqualTo(3);
    assertThat(runtime.mailboxBacklog()).isEqualTo(new io.rusm.MailboxBacklog(1, 20, 4));
  }

  @Test
  void theProcessesEndpointShowsMailboxLengthsAndSortsByThem() throws Exception {
    ProcessRef two = spawn("two", ctx -> release.await());
    ProcessRef seven = spawn("seven", ctx -> release.await());
    spawn("empty", ctx -> release.await());
    two.send(1);
    two.send(2);
    for (int i = 0; i < 7; i++) {
      seven.send(i);
    }

    DocumentContext one = JsonPath.parse(get("/actuator/processes/0." + seven.pid().id() + ".0").body());
    assertThat(one.read("$.mailboxLength", Long.class)).isEqualTo(7);

    DocumentContext page = JsonPath.parse(get("/actuator/processes").body());
    List<Integer> lengths = page.read("$.processes[?(@.name == 'two')].mailboxLength");
    assertThat(lengths).containsExactly(2);
    assertThat(page.read("$.totals.mailboxes.warnLength", Long.class)).isEqualTo(4);
    assertThat(page.read("$.totals.mailboxes.backlogged", Long.class)).isEqualTo(runtime.mailboxBacklog().processes());
    assertThat(page.read("$.totals.messages.sent", Long.class)).isEqualTo(runtime.messagesSent());

    HttpResponse<String> sorted = get("/actuator/processes?sort=mailbox&limit=2");
    assertThat(sorted.statusCode()).isEqualTo(200);
    DocumentContext top = JsonPath.parse(sorted.body());
    List<String> names = top.read("$.processes[*].name");
    assertThat(names).containsExactly("seven", "two");
    List<Integer> topLengths = top.read("$.processes[*].mailboxLength");
    assertThat(topLengths).containsExactly(7, 2);
    assertThat(top.read("$.page.sort", String.class)).isEqualTo("mailbox");
    assertThat(top.read("$.page.truncated", Boolean.class)).isTrue();
  }

  @Test
  void aBadSortOrLimitIsA400NamingTheParameter() throws Exception {
    HttpResponse<String> badSort = get("/actuator/processes?sort=age");
    assertThat(badSort.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(badSort.body()).read("$.error", String.class))
        .isEqualTo("sort must be 'mailbox' (longest mailbox first) or absent (table order), was 'age'");

    HttpResponse<String> negative = get("/actuator/processes?sort=mailbox&limit=-2");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(negative.body()).read("$.error", String.class))
        .isEqualTo("limit must be zero or positive, was -2");

    HttpResponse<String> notANumber = get("/actuator/processes?sort=mailbox&limit=many");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(JsonPath.parse(notANumber.body()).read("$.error", String.class))
        .isEqualTo("limit must be a whole number from 0, was 'many'");
  }

  @Test
  void healthShowsTheBacklogFiguresAndStaysUpWithoutALimit() throws Exception {
    ProcessRef backlogged = spawn("backlogged", ctx -> release.await());
    for (int i = 0; i < 12; i++) {
      backlogged.send(i);
    }
    HttpResponse<String> response = get("/actuator/health");
    assertThat(response.statusCode()).isEqualTo(200);
    DocumentContext health = JsonPath.parse(response.body());
    assertThat(health.read("$.components.rusm.status", String.class)).isEqualTo("UP");
    assertThat(health.read("$.components.rusm.details.backloggedProcesses", Long.class))
        .isEqualTo(runtime.mailboxBacklog().processes()).isPositive();
    assertThat(health.read("$.components.rusm.details.longestMailbox", Long.class))
        .isEqualTo(runtime.mailboxBacklog().longest());
    assertThat(health.read("$.components.rusm.details.mailboxWarnLength", Long.class)).isEqualTo(4);
  }

  private ProcessRef spawn(String name, io.rusm.ProcessBody body) {
    ProcessRef process = runtime.spawn(name, body);
    spawned.add(process);
    return process;
  }

  private static void assertSample(PrometheusText scrape, String name, String type, double expected) {
    PrometheusText.Sample sample = scrape.sample(name, Map.of());
    assertThat(sample.value()).as(name).isEqualTo(expected);
    assertThat(sample.labels()).containsAllEntriesOf(COMMON_TAGS);
    assertThat(scrape.typeOf(name)).as("type of " + name).isEqualTo(type);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
