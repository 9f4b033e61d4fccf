package io.rusm.sample.storm;

import io.rusm.storm.Latency;
import io.rusm.storm.StormReport;

/**
 * A {@link StormReport} as JSON: the data of a {@code report} event, and a finished storm's result.
 *
 * @param stormId the storm it belongs to
 * @param elapsedMillis how long spawning ran
 * @param spawners how many spawner threads ran
 * @param spawned processes spawned
 * @param finishedNormal processes that returned
 * @param finishedKilled processes that were killed
 * @param finishedFailed processes that threw
 * @param peakLive the most live processes seen at a tick
 * @param meanSpawnsPerSecond spawned divided by elapsed
 * @param peakSpawnsPerSecond the highest rate of any tick interval
 * @param latency spawn-to-start latency over the whole storm
 * @param balanced whether spawned equals finished and the live count is back where it started
 */
public record ReportView(
    long stormId,
    long elapsedMillis,
    int spawners,
    long spawned,
    long finishedNormal,
    long finishedKilled,
    long finishedFailed,
    long peakLive,
    double meanSpawnsPerSecond,
    double peakSpawnsPerSecond,
    Latency latency,
    boolean balanced) {

  static ReportView of(long stormId, StormReport report) {
    return new ReportView(stormId, report.elapsed().toMillis(), report.spawners(), report.spawned(),
        report.finishedNormal(), report.finishedKilled(), report.finishedFailed(), report.peakLive(),
        report.meanSpawnsPerSecond(), report.peakSpawnsPerSecond(), report.latency(), report.balanced());
  }
}
