/**
 * Storms: load on a {@link io.rusm.ProcessRuntime}, sampled into ticks at a fixed interval and ending in a
 * report. A {@link io.rusm.storm.SpawnStorm} has spawner threads spawning processes as fast as they can
 * against a bounded live population (steady-state spawn-and-reap throughput, not a one-shot allocation
 * spike); a {@link io.rusm.storm.MessageStorm} has processes passing messages in ping-pong pairs, round a
 * ring, or from many senders into one receiver.
 */
package io.rusm.storm;
