package io.rusm.sample.cascade;

/**
 * A cascade storm as the REST API shows it.
 *
 * @param id its number, counting from 1 since the application started
 * @param state {@code running}, {@code stopping} (no new tree; the one in flight is going down),
 *     {@code finished} or {@code failed}
 * @param settings what it runs with
 * @param latestTick its latest tick
 * @param report its report once it has finished, else {@code null}
 * @param failure why it failed, else {@code null}
 */
public record CascadeStormView(long id, String state, Settings settings, CascadeTickView latestTick,
    CascadeReportView report, String failure) {

  /**
   * The settings a cascade storm runs with, every field filled in.
   *
   * @param durationSeconds how long trees are built
   * @param size processes in each tree
   * @param fanOut children of each process
   * @param depth levels of each tree, which the size and fan-out give
   */
  public record Settings(long durationSeconds, int size, int fanOut, int depth) {
  }
}
