package io.rusm.sample.stream;

import java.util.Objects;

/**
 * One server-sent event: its name and the object sent as its JSON data.
 *
 * @param name the event's name, which an {@code EventSource} listens for
 * @param data the event's data, written as JSON
 */
public record StreamEvent(String name, Object data) {

  /**
   * @throws NullPointerException naming the argument that is null
   */
  public StreamEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }
}
