package io.rusm.sample.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscribing and the lifecycle, without a web server. */
class EventBroadcasterTests {

  private final EventBroadcaster broadcaster =
      new EventBroadcaster(new StreamProperties(Duration.ofMinutes(1), Duration.ofMinutes(1), 16));

  @Test
  void subscribersJoinWhileRunningAndAreEndedWhenItStops() {
    broadcaster.start();
    broadcaster.subscribe(List::of);
    broadcaster.subscribe(() -> List.of(new StreamEvent("tick", "{}")));
    assertThat(broadcaster.isRunning()).isTrue();
    assertThat(broadcaster.subscribers()).isEqualTo(2);

    broadcaster.stop();

    assertThat(broadcaster.isRunning()).isFalse();
    assertThat(broadcaster.subscribers()).isZero();
  }

  @Test
  void aSubscribeWhoseReplayFailsLeavesNoSubscriber() {
    broadcaster.start();
    try {
      assertThatThrownBy(() -> broadcaster.subscribe(() -> {
        throw new IllegalStateException("replay failed");
      })).isInstanceOf(IllegalStateException.class).hasMessage("replay failed");

      assertThat(broadcaster.subscribers()).isZero();
    } finally {
      broadcaster.stop();
    }
  }

  @Test
  void aSubscriberArrivingAfterStopIsEndedAtOnce() {
    broadcaster.start();
    broadcaster.stop();

    broadcaster.subscribe(List::of);

    assertThat(broadcaster.subscribers()).isZero();
  }

  @Test
  void theReplayIsTakenAfterJoining() {
    broadcaster.start();
    int[] seenWhenReplayed = new int[1];

    broadcaster.subscribe(() -> {
      seenWhenReplayed[0] = broadcaster.subscribers();
      return List.of();
    });

    assertThat(seenWhenReplayed[0]).as("already a subscriber, so nothing published meanwhile is missed")
        .isEqualTo(1);
    broadcaster.stop();
  }
}
