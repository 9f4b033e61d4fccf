package io.rusm.sample.cascade;

import java.time.Duration;

/**
 * What a cascade storm runs with, every value checked against the limits.
 *
 * @param duration how long new trees are built; the tree in flight when it is up still goes down
 * @param size processes in each tree
 * @param fanOut children of each process, until the tree has {@code size} processes
 */
record CascadeSettings(Duration duration, int size, int fanOut) {

  /** Levels of the tree: the root's is 1, and a tree of fan-out 1 is a chain as deep as it is large. */
  int depth() {
    int depth = 0;
    for (long level = 1, reached = 0; reached < size; level *= fanOut) {
      reached += level;
      depth++;
    }
    return depth;
  }
}
