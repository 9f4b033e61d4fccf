package io.rusm.storm;

import java.time.Duration;

/**
 * The end of a storm, once every process it spawned has exited.
 *
 * @param elapsed how long spawning ran
 * @param spawners how many spawner threads ran
 * @param spawned processes spawned
 * @param finishedNormal processes that returned
 * @param finishedKilled processes that were killed
 * @param finishedFailed processes that threw
 * @param peakLive the most live processes seen, at a tick or by a spawner checking the cap
 * @param meanSpawnsPerSecond spawned divided by elapsed
 * @param peakSpawnsPerSecond the highest rate of any tick interval
 * @param latency spawn-to-start latency over the whole storm
 * @param balanced whether spawned equals finished and the live count is back where it started
 */
public record StormReport(
    Duration elapsed,
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

  /** All processes that have exited. */
  public long finished() {
    return finishedNormal + finishedKilled + finishedFailed;
  }
}
