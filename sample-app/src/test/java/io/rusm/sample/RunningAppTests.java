package io.rusm.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tests of the running application over real HTTP on a random port. Every test starts and ends with no
 * storm running, so tests sharing the application context do not see each other's storms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningAppTests {

  @LocalServerPort
  protected int port;

  protected Http http;

  @BeforeEach
  void connectWithNoStormRunning() throws InterruptedException {
    http = new Http(port);
    Storms.stopAndAwaitEnd(http);
  }

  @AfterEach
  void stopAnyStorm() throws InterruptedException {
    Storms.stopAndAwaitEnd(http);
  }
}
