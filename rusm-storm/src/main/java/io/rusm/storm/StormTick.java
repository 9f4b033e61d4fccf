package io.rusm.storm;

import java.time.Duration;

/**
 * One sample of a running storm. Counts are the runtime's, relative to the storm's start; the live
 * counts are the runtime's own (a storm assumes the runtime is its own).
 *
 * @param elapsed time since the storm started
 * @param spawned processes spawned so far
 * @param finishedNormal processes that returned
 * @param finishedKilled processes that were killed
 * @param finishedFailed processes that threw
 * @param live processes live in the runtime now
 * @param peakLive the most live processes seen so far, at a tick or by a spawner checking the cap
 * @param spawnsPerSecond the spawn rate over the last interval
 * @param latency spawn-to-start latency over the last interval
 */
public record StormTick(
    Duration elapsed,
    long spawned,
    long finishedNormal,
    long finishedKilled,
    long finishedFailed,
    long live,
    long peakLive,
    double spawnsPerSecond,
    Latency latency) {

  /** All processes that have exited. */
  public long finished() {
    return finishedNormal + finishedKilled + finishedFailed;
  }
}
