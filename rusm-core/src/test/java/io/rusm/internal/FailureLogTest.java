package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLogTest {

  record Logged(System.Logger.Level level, String message, Throwable thrown) {}

  static final class RecordingLogger implements System.Logger {
    final List<Logged> records = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      records.add(new Logged(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      records.add(new Logged(level, format, null));
    }
  }

  @Test
  void logsTheFirstFailureAndAtMostOnePerIntervalAfter() {
    RecordingLogger logger = new RecordingLogger();
    AtomicLong clock = new AtomicLong(1_000);
    FailureLog log = new FailureLog(logger, 100, clock::get);
    RuntimeException first = new RuntimeException("first");

    log.failed("<0.1.0>", first);
    for (int i = 0; i < 1_000; i++) {
      clock.addAndGet(0);
      log.failed("<0.2.0>", new RuntimeException("flood"));
    }
    clock.addAndGet(99);
    log.failed("<0.3.0>", new RuntimeException("still quiet"));
    clock.addAndGet(1);
    RuntimeException later = new RuntimeException("later");
    log.failed("<0.4.0>", later);
    clock.addAndGet(100);
    RuntimeException alone = new RuntimeException("alone");
    log.failed("<0.5.0>", alone);

    assertThat(logger.records).extracting(Logged::message).containsExactly(
        "process <0.1.0> failed",
        "process <0.4.0> failed (1001 more process failures since the last one logged were not logged)",
        "process <0.5.0> failed");
    assertThat(logger.records).extracting(Logged::thrown).containsExactly(first, later, alone);
    assertThat(logger.records).extracting(Logged::level).containsOnly(System.Logger.Level.WARNING);
  }

  @Test
  void theDefaultLogsOncePerSecondOfTheRealClock() {
    RecordingLogger logger = new RecordingLogger();
    FailureLog log = new FailureLog(logger);
    long started = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      log.failed("p", new RuntimeException());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(logger.records).hasSizeBetween(1, (int) seconds + 1);
  }
}
