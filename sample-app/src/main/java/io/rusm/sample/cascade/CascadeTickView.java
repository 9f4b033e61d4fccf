package io.rusm.sample.cascade;

/**
 * One sample of a running cascade storm: the data of a {@code cascade-tick} event, and a storm's latest
 * tick. Times run from just before a tree's kill to the last exit of that tree, in microseconds.
 *
 * @param stormId the cascade storm it belongs to
 * @param elapsedMillis time since the storm started
 * @param trees trees spawned so far
 * @param processes processes spawned in them
 * @param cascades trees killed and seen down to their last process
 * @param exits processes of the trees seen exiting
 * @param live processes live in the runtime now
 * @param cascadesPerSecond cascades per second over the last tick interval
 * @param latestMicros the time of the latest cascade, or {@code null} before the first
 * @param medianMicros the median time of the cascades of the last tick interval, or {@code null} if none
 *     ended in it
 * @param maxMicros the longest time of the cascades of the last tick interval, or {@code null} if none
 *     ended in it
 */
public record CascadeTickView(long stormId, long elapsedMillis, long trees, long processes, long cascades,
    long exits, long live, double cascadesPerSecond, Double latestMicros, Double medianMicros, Double maxMicros) {
}
