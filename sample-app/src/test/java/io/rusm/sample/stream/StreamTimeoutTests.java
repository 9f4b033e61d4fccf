package io.rusm.sample.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.sample.EventStream;
import io.rusm.sample.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A stream ends at its timeout, and its subscriber is forgotten before the client sees the end. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sample.stream.timeout=500ms")
class StreamTimeoutTests {

  @LocalServerPort
  int port;

  @Autowired
  EventBroadcaster broadcaster;

  @Test
  void aTimedOutStreamEndsAndIsForgotten() {
    Http http = new Http(port);
    try (EventStream first = EventStream.open(http); EventStream second = EventStream.open(http)) {
      assertThat(first.response()).succeedsWithin(Duration.ofSeconds(30));
      assertThat(second.response()).succeedsWithin(Duration.ofSeconds(30));
      // The subscriber leaves the list in the timeout callback, before the response is completed.
      assertThat(broadcaster.subscribers()).isZero();
    }
  }
}
