package io.rusm.sample.cascade;

/**
 * How a cascade storm went: the data of a {@code cascade-report} event, and a finished storm's result.
 *
 * @param stormId the cascade storm it belongs to
 * @param size processes in each tree
 * @param fanOut children of each process
 * @param depth levels of each tree
 * @param elapsedMillis from the start to the last exit of the last tree
 * @param trees trees spawned
 * @param processes processes spawned in them
 * @param cascades trees killed and seen down to their last process
 * @param exits processes of the trees seen exiting
 * @param linkedExits processes the runtime counted as ended by a linked process's exit during the storm
 *     ({@link io.rusm.ProcessRuntime#linkedExits()}, from start to end)
 * @param meanCascadesPerSecond cascades divided by the elapsed time
 * @param peakCascadesPerSecond the highest rate of any tick interval
 * @param meanMicros the mean time from a kill to the last exit of its tree, or {@code null} with no cascade
 * @param maxMicros the longest such time, or {@code null} with no cascade
 * @param balanced whether every process spawned was seen exiting, every tree went down, and the runtime
 *     counted every exit but the killed ones as linked: exits = processes, cascades = trees, and
 *     linkedExits = processes - cascades
 */
public record CascadeReportView(long stormId, int size, int fanOut, int depth, long elapsedMillis, long trees,
    long processes, long cascades, long exits, long linkedExits, double meanCascadesPerSecond,
    double peakCascadesPerSecond, Double meanMicros, Double maxMicros, boolean balanced) {
}
