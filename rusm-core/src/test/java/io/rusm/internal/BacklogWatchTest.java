package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacklogWatchTest {

  @Test
  void aScanKeepsAMailboxThatPassedTheLengthWhileItLooked() {
    BacklogWatch<String> watch = new BacklogWatch<>(4);
    watch.check("p", 5);
    long[] length = {4};
    // The scan sees 4; a sender then takes the mailbox to 5 and checks it, which adds nothing since p
    // is still tracked; the scan must not then forget it.
    BacklogWatch.Backlog first = watch.scan(p -> {
      long seen = length[0];
      if (length[0] == 4) {
        length[0] = 5;
        watch.check(p, 5);
      }
      return seen;
    });
    assertThat(first.processes()).isEqualTo(1);
    assertThat(first.longest()).isEqualTo(5);
    assertThat(watch.scan(p -> length[0]).processes()).isEqualTo(1);
  }

  @Test
  void aScanForgetsWhatShrankOrExitedAndForgetForgetsAtOnce() {
    BacklogWatch<String> watch = new BacklogWatch<>(4);
    watch.check("shrank", 9);
    watch.check("exited", 9);
    watch.check("still", 9);
    watch.check("short", 3);
    BacklogWatch.Backlog b = watch.scan(p -> switch (p) {
      case "shrank" -> 2;
      case "exited" -> -1;
      default -> 9;
    });
    assertThat(b.processes()).isEqualTo(1);
    watch.forget("still");
    assertThat(watch.scan(p -> 9).processes()).isZero();
  }
}
