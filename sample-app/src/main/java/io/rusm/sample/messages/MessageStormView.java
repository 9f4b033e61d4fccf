package io.rusm.sample.messages;

/**
 * A message storm as the REST API shows it.
 *
 * @param id its number, counting from 1 since the application started
 * @param state {@code running}, {@code stopping}, {@code finished} or {@code failed}
 * @param settings what it runs with
 * @param latestTick its latest tick
 * @param report its report once it has finished, else {@code null}
 * @param failure why it failed, else {@code null}
 */
public record MessageStormView(long id, String state, Settings settings, MessageTickView latestTick,
    MessageReportView report, String failure) {

  /**
   * The settings a message storm runs with, every field filled in.
   *
   * @param workload {@code ping-pong}, {@code ring} or {@code fan-in}
   * @param durationSeconds how long it runs
   * @param size pairs, ring processes or senders
   * @param window fan-in's messages in flight per sender
   * @param processes how many processes it spawns
   */
  public record Settings(String workload, long durationSeconds, int size, int window, int processes) {
  }
}
