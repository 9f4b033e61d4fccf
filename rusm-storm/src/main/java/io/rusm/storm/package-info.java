/**
 * Spawn storms: spawner threads spawning processes as fast as they can against a bounded live
 * population, sampled into ticks at a fixed interval, ending in a report. Measures steady-state
 * spawn-and-reap throughput, not a one-shot allocation spike.
 */
package io.rusm.storm;
