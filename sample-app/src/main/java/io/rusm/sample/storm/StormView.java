package io.rusm.sample.storm;

/**
 * A storm as the REST API shows it.
 *
 * @param id the storm's number, counting from 1 since the application started
 * @param state {@code running}, {@code stopping} (spawning has ended; waiting for its processes),
 *     {@code finished}, or {@code failed}
 * @param settings what it runs with
 * @param spawners how many spawner threads it runs
 * @param latestTick its latest tick
 * @param report its report once it has finished, else {@code null}
 * @param failure why it failed, else {@code null}
 */
public record StormView(
    long id,
    String state,
    SettingsView settings,
    int spawners,
    TickView latestTick,
    ReportView report,
    String failure) {
}
