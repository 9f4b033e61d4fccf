package io.rusm.sample.storm;

import io.rusm.storm.StormSettings;
import java.util.Locale;

/**
 * The settings a storm runs with, in the shape of a {@link StormRequest} with every field filled in.
 *
 * @param durationSeconds how long the storm runs
 * @param liveCap the most processes live at once
 * @param profile how many cores spawn: light, balanced or max
 * @param spawners the requested spawner count; 0 when it comes from the profile
 * @param sleepMs how long each process sleeps, in milliseconds
 * @param spinMicros how long each process spins, in microseconds
 * @param failFraction the fraction of processes that throw
 * @param killFraction the fraction of processes killed right after spawning
 */
public record SettingsView(
    long durationSeconds,
    int liveCap,
    String profile,
    int spawners,
    long sleepMs,
    long spinMicros,
    double failFraction,
    double killFraction) {

  static SettingsView of(StormSettings settings) {
    return new SettingsView(settings.duration().toSeconds(), settings.liveCap(),
        settings.profile().name().toLowerCase(Locale.ROOT), settings.spawners(),
        settings.body().sleep().toMillis(), settings.body().spin().toNanos() / 1000,
        settings.body().failFraction(), settings.body().killFraction());
  }
}
