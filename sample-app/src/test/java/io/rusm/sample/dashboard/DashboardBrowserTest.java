package io.rusm.sample.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.Exit;
import io.rusm.Pid;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import io.rusm.sample.Http;
import io.rusm.sample.Storms;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its own chromedriver, with
 * nothing downloaded. It runs a storm and sees it charted and reported, then kills a process from the
 * observer's table; runs a ring and sorts the table by mailbox; runs a cascade storm and sees it charted
 * and reported; follows a process's links from one selected process to the next; and saves screenshots
 * under {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort
  int port;

  @Autowired
  ProcessRuntime runtime;

  Http http;
  Path profile;
  ChromeDriver driver;
  WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws IOException, InterruptedException {
    http = new Http(port);
    Storms.stopAndAwaitEnd(http);
    assertThat(CHROMEDRIVER).as("chromedriver; the build installs it (profile install-chromium)").isExecutable();
    assertThat(CHROMIUM).as("chromium; the build installs it (profile install-chromium)").isExecutable();
    profile = Files.createTempDirectory("rusm-chromium-");
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1440,1250", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void closeBrowser() throws IOException, InterruptedException {
    if (driver != null) {
      driver.quit();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
    Storms.stopAndAwaitEnd(http);
  }

  @Test
  void runsAStormChartsItAndKillsAProcessFromTheObserver() throws Exception {
    driver.get("http://localhost:" + port + "/");
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));
    assertThat(driver.getTitle()).isEqualTo("rusm dashboard");

    // A short storm in which every outcome happens: charted while it runs, then reported.
    fill(Map.of("durationSeconds", "4", "failFraction", "0.1", "killFraction", "0.1"));
    driver.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("storm-state"), "data-state", "running"));
    wait.until(d -> rate() > 0);
    wait.until(d -> chartsDrawn("view-storm", 3));
    assertThat(driver.findElement(By.id("stop")).isEnabled()).isTrue();
    screenshot("1-storm-running");

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
    assertThat(driver.findElement(By.id("storm-state")).getDomAttribute("data-state")).isEqualTo("finished");
    String report = driver.findElement(By.id("report-grid")).getText();
    assertThat(report).contains("Mean spawns/s", "Latency p99", "Balanced\nyes");
    assertThat(number("finished-killed")).isPositive();
    assertThat(number("finished-failed")).isPositive();
    screenshot("2-storm-report");

    // A storm of sleeping processes, which live long enough to be picked from the observer's table.
    fill(Map.of("durationSeconds", "120", "liveCap", "200", "spawners", "1", "sleepMs", "10000",
        "failFraction", "0", "killFraction", "0"));
    driver.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("storm-state"), "data-state", "running"));
    // Its spawners pause while the cap is full (ten seconds at a time), so the rate may be zero at any
    // one tick: wait for what it spawned instead.
    wait.until(d -> driver.findElement(By.id("spawned")).getText().matches("[1-9][0-9,]*"));

    driver.findElement(By.id("tab-observer")).click();
    wait.until(d -> !d.findElement(By.id("obs-live")).getText().equals("\u2013"));
    assertThat(driver.findElement(By.id("process-table")).isDisplayed()).as("the table is off by default").isFalse();
    driver.findElement(By.id("show-table")).click();
    wait.until(d -> !rowPids().isEmpty());
    assertThat(rowPids()).hasSizeLessThanOrEqualTo(100);

    // The youngest process, the one with the highest pid, has most of its ten seconds of sleep left.
    Pid pid = rowPids().stream().map(Pid::parse).max(Comparator.naturalOrder()).orElseThrow();
    ProcessRef victim = runtime.find(pid).orElseThrow();
    // The table is redrawn every second, so the row is found afresh until its button takes the click.
    wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement row = d.findElement(By.cssSelector("#process-rows tr[data-pid='" + pid + "']"));
      assertThat(row.getText()).contains(pid.toString(), "storm-");
      row.findElement(By.cssSelector("button.kill")).click();
      return true;
    });

    assertThat(victim.onExit()).succeedsWithin(WAIT).isEqualTo(Exit.killed());
    assertThat(runtime.find(pid)).isEmpty();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("obs-message"), pid + " exited: killed"));
    String refreshed = driver.findElement(By.id("obs-updated")).getText();
    wait.until(d -> !d.findElement(By.id("obs-updated")).getText().equals(refreshed));
    assertThat(rowPids()).isNotEmpty().doesNotContain(pid.toString());
    screenshot("3-observer-after-kill");

    driver.findElement(By.id("tab-storm")).click();
    driver.findElement(By.id("stop")).click();
    new WebDriverWait(driver, Storms.END_TIMEOUT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
    assertThat(driver.findElement(By.id("storm-state")).getDomAttribute("data-state")).isEqualTo("finished");
    assertThat(driver.findElement(By.id("run")).isEnabled()).isTrue();
    screenshot("4-storm-stopped");
  }

  @Test
  void runsARingFromTheMessagesViewAndSortsTheObserverByMailboxLength() throws Exception {
    driver.get("http://localhost:" + port + "/");
    wait.until(ExpectedConditions.attributeContains(By.id("conn"), "class", "up"));
    driver.findElement(By.id("tab-messages")).click();
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("msg-workload"))).selectByValue("ring");
    fill(Map.of("msg-size", "20000", "msg-duration", "60"));
    driver.findElement(By.id("msg-run")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("msg-state"), "data-state", "running"));
    wait.until(d -> Double.parseDouble(d.findElement(By.id("msg-rate")).getDomAttribute("data-value")) > 0);
    wait.until(d -> chartsDrawn("view-messages", 3));
    screenshot("5-messages-ring-running");

    // A process that cannot keep up: forty messages wait in its mailbox while the ring runs.
    CountDownLatch release = new CountDownLatch(1);
    ProcessRef slow = runtime.spawn("slow-consumer", ctx -> release.await());
    for (int i = 0; i < 40; i++) {
      slow.send(i);
    }
    try {
      driver.findElement(By.id("tab-observer")).click();
      driver.findElement(By.id("show-table")).click();
      wait.until(d -> !rowPids().isEmpty());
      driver.findElement(By.id("sort-mailbox")).click();
      wait.until(d -> !rowPids().isEmpty() && rowPids().getFirst().equals(slow.pid().toString()));
      List<Long> lengths = mailboxLengths();
      assertThat(lengths.getFirst()).isEqualTo(40);
      assertThat(lengths).isSortedAccordingTo(Comparator.reverseOrder());
      assertThat(driver.findElement(By.id("th-mailbox")).getDomAttribute("class")).contains("sorted");
      screenshot("6-observer-sorted-by-mailbox");
    } finally {
      release.countDown();
      slow.join();
    }

    driver.findElement(By.id("tab-messages")).click();
    driver.findElement(By.id("msg-stop")).click();
    new WebDriverWait(driver, Storms.END_TIMEOUT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("msg-report")));
    assertThat(driver.findElement(By.id("msg-report-grid")).getText())
        .contains("Mean messages/s", "Dead letters", "Balanced\nyes");
    screenshot("7-messages-ring-report");
  }

  @Test
  void runsACascadeStormFromItsViewAndChartsIt() throws Exception {
    // The stream's headers come with its first event, so a server that has run no storm yet shows it
    // connected only once this storm ticks: nothing here waits for it before that.
    driver.get("http://localhost:" + port + "/#cascades");
    fill(Map.of("cascade-size", "200", "cascade-fan-out", "3", "cascade-duration", "60"));
    driver.findElement(By.id("cascade-run")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("cascade-state"), "data-state", "running"));
    assertThat(driver.findElement(By.id("cascade-title")).getText())
        .contains("trees of 200 processes, fan-out 3 (depth 6), 60 s");
    wait.until(d -> Double.parseDouble(d.findElement(By.id("cascade-rate")).getDomAttribute("data-value")) > 0);
    wait.until(d -> chartsDrawn("view-cascades", 3));
    assertThat(driver.findElement(By.id("cascade-latest")).getText()).matches("[0-9.,]+ (ms|\u00b5s)");
    assertThat(number("cascade-processes")).isPositive();
    screenshot("9-cascades-running");

    driver.findElement(By.id("cascade-stop")).click();
    new WebDriverWait(driver, Storms.END_TIMEOUT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("cascade-report")));
    assertThat(driver.findElement(By.id("cascade-state")).getDomAttribute("data-state")).isEqualTo("finished");
    assertThat(driver.findElement(By.id("cascade-report-grid")).getText())
        .contains("Mean cascades/s", "Max kill \u2192 last exit", "Balanced\nyes");
    assertThat(driver.findElement(By.id("cascade-run")).isEnabled()).isTrue();
    screenshot("10-cascades-report");
  }

  @Test
  void selectsAProcessInTheObserverAndFollowsItsLinks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<List<ProcessRef>> children = new CompletableFuture<>();
    ProcessRef parent = runtime.spawn("parent", ctx -> {
      children.complete(List.of(ctx.spawnLink("child", c -> release.await()),
          ctx.spawnLink("child", c -> release.await())));
      release.await();
    });
    try {
      List<String> childPids = children.get(WAIT.toSeconds(), TimeUnit.SECONDS).stream()
          .map(c -> c.pid().toString()).toList();
      driver.get("http://localhost:" + port + "/#observer");
      driver.findElement(By.id("show-table")).click();
      wait.until(d -> rowPids().contains(parent.pid().toString()));
      // The table is redrawn every second, so the button is found afresh until it takes the click.
      wait.ignoring(StaleElementReferenceException.class).until(d -> {
        d.findElement(By.cssSelector("#process-rows button.select-pid[data-pid='" + parent.pid() + "']")).click();
        return true;
      });
      wait.until(d -> linkedPids().containsAll(childPids));
      assertThat(driver.findElement(By.id("detail-pid")).getText()).isEqualTo(parent.pid().toString());
      assertThat(driver.findElement(By.id("detail-links")).getText()).isEqualTo("2");
      assertThat(driver.findElement(By.id("detail-traps")).getText()).isEqualTo("no");
      screenshot("8-observer-process-links");

      String child = childPids.getFirst();
      wait.ignoring(StaleElementReferenceException.class).until(d -> {
        d.findElement(By.cssSelector("#detail-linked button.linked-pid[data-pid='" + child + "']")).click();
        return true;
      });
      wait.until(ExpectedConditions.textToBe(By.id("detail-pid"), child));
      wait.until(d -> linkedPids().equals(List.of(parent.pid().toString())));
      assertThat(driver.findElement(By.id("detail-links")).getText()).isEqualTo("1");
      assertThat(driver.findElement(By.id("detail-name")).getText()).isEqualTo("child");
    } finally {
      release.countDown();
      parent.join();
      for (ProcessRef child : children.getNow(List.of())) {
        child.join();
      }
    }
  }

  /** The pids listed as linked to the selected process, read in one go since they are redrawn every second. */
  @SuppressWarnings("unchecked")
  private List<String> linkedPids() {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#detail-linked button.linked-pid')].map(b => b.dataset.pid);");
  }

  /** The mailbox lengths in the observer's table, top to bottom, read in one go. */
  @SuppressWarnings("unchecked")
  private List<Long> mailboxLengths() {
    List<String> texts = (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#process-rows td.mailbox')].map(td => td.textContent);");
    return texts.stream().map(t -> Long.parseLong(t.replace(",", ""))).toList();
  }

  private void fill(Map<String, String> values) {
    values.forEach((id, value) -> {
      WebElement input = driver.findElement(By.id(id));
      input.clear();
      input.sendKeys(value);
    });
  }

  private double rate() {
    return Double.parseDouble(driver.findElement(By.id("rate")).getDomAttribute("data-value"));
  }

  private long number(String id) {
    return Long.parseLong(driver.findElement(By.id(id)).getText().replace(",", ""));
  }

  /** The pids in the observer's table, read in one go since the table is redrawn every second. */
  @SuppressWarnings("unchecked")
  private List<String> rowPids() {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#process-rows tr')].map(tr => tr.dataset.pid);");
  }

  /** Every chart of a view holds at least {@code points} points and has drawn onto a canvas of non-zero size. */
  private boolean chartsDrawn(String view, int points) {
    Object drawn = ((JavascriptExecutor) driver).executeScript("""
        return [...document.querySelectorAll('#' + arguments[1] + ' .chart')].every(el => {
          const canvas = el.querySelector('canvas');
          return canvas && canvas.width > 0 && canvas.height > 0 && Number(el.dataset.points) >= arguments[0];
        });""", points, view);
    return Boolean.TRUE.equals(drawn);
  }

  private void screenshot(String name) throws IOException {
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
