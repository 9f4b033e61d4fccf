package io.rusm.bench;

import io.rusm.storm.Latency;
import io.rusm.storm.StormReport;
import io.rusm.storm.StormTick;
import java.time.Duration;
import java.util.Locale;

/** How the bench prints ticks, reports and figures: one readable line per tick, grouped digits. */
final class Format {

  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f/s", perSecond);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
  }

  static String latency(Latency l) {
    return String.format(Locale.ROOT, "p50 %.1fus p95 %.1fus p99 %.1fus (%s sampled)", l.p50Micros(),
        l.p95Micros(), l.p99Micros(), count(l.samples()));
  }

  static String tick(StormTick t) {
    Latency l = t.latency();
    return String.format(Locale.ROOT,
        "%7s  spawned %11s  %12s  live %7s (peak %7s)  exits %11s normal %9s killed %9s failed"
            + "  latency p50/p95/p99 %s/%s/%s us",
        seconds(t.elapsed()), count(t.spawned()), rate(t.spawnsPerSecond()), count(t.live()), count(t.peakLive()),
        count(t.finishedNormal()), count(t.finishedKilled()), count(t.finishedFailed()), micros(l.p50Micros()),
        micros(l.p95Micros()), micros(l.p99Micros()));
  }

  private static String micros(double us) {
    return String.format(Locale.ROOT, "%,.0f", us);
  }

  static String report(StormReport r) {
    return String.join(System.lineSeparator(),
        "report",
        "  spawning ran     " + seconds(r.elapsed()) + " on " + r.spawners() + " spawner thread(s)",
        "  spawned          " + count(r.spawned()),
        "  finished         " + count(r.finished()) + " (normal " + count(r.finishedNormal()) + ", killed "
            + count(r.finishedKilled()) + ", failed " + count(r.finishedFailed()) + ")",
        "  mean rate        " + rate(r.meanSpawnsPerSecond()),
        "  peak rate        " + rate(r.peakSpawnsPerSecond()) + " (best tick interval)",
        "  peak live        " + count(r.peakLive()),
        "  spawn-to-start   " + latency(r.latency()),
        "  balanced         " + (r.balanced() ? "yes: spawned == finished, live back to its start"
            : "NO: spawned != finished or live not back to its start"));
  }
}
