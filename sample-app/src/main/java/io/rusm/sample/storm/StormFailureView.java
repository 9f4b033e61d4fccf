package io.rusm.sample.storm;

/**
 * The data of a {@code failed} event: a storm that ended without a report.
 *
 * @param stormId the storm that failed
 * @param failure why
 */
public record StormFailureView(long stormId, String failure) {
}
