package io.rusm.sample.observer;

/**
 * The answer to killing a process.
 *
 * @param pid the process, as {@code <0.42.0>}
 * @param outcome how it exited ({@code killed}, or {@code normal}/{@code failed} if it ended by itself
 *     first), or {@code null} if it had not exited yet when the answer was sent
 */
public record KillResult(String pid, String outcome) {
}
