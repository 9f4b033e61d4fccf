package io.rusm.sample.storm;

import io.rusm.storm.Latency;
import io.rusm.storm.StormTick;

/**
 * A {@link StormTick} as JSON: the data of a {@code tick} event, and a storm's latest tick.
 *
 * @param stormId the storm it belongs to
 * @param elapsedMillis time since the storm started
 * @param spawned processes spawned so far
 * @param finishedNormal processes that returned
 * @param finishedKilled processes that were killed
 * @param finishedFailed processes that threw
 * @param live processes live now
 * @param peakLive the most live processes seen at a tick so far
 * @param spawnsPerSecond the spawn rate over the last tick interval
 * @param latency spawn-to-start latency over the last tick interval
 */
public record TickView(
    long stormId,
    long elapsedMillis,
    long spawned,
    long finishedNormal,
    long finishedKilled,
    long finishedFailed,
    long live,
    long peakLive,
    double spawnsPerSecond,
    Latency latency) {

  static TickView of(long stormId, StormTick tick) {
    return new TickView(stormId, tick.elapsed().toMillis(), tick.spawned(), tick.finishedNormal(),
        tick.finishedKilled(), tick.finishedFailed(), tick.live(), tick.peakLive(), tick.spawnsPerSecond(),
        tick.latency());
  }
}
