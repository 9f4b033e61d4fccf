package io.rusm.sample.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server-sent event stream of storm events.
 *
 * @param timeout how long one connection lasts; a browser's {@code EventSource} then reconnects and gets
 *     the latest tick at once
 * @param heartbeat how long a quiet connection waits before a comment line is sent, which finds clients
 *     that have gone away
 * @param backlog how many events may wait for a slow client; one that falls further behind is
 *     disconnected, and reconnects to the latest tick
 */
@ConfigurationProperties("sample.stream")
public record StreamProperties(
    @DefaultValue("30m") Duration timeout,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("256") int backlog) {

  /**
   * @throws IllegalArgumentException naming the property that is out of range
   */
  public StreamProperties {
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("sample.stream.timeout must be positive, was " + timeout);
    }
    if (heartbeat.toMillis() < 1) {
      throw new IllegalArgumentException("sample.stream.heartbeat must be positive, was " + heartbeat);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("sample.stream.backlog must be positive, was " + backlog);
    }
  }
}
