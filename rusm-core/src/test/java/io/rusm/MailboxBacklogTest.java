package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxBacklogTest {

  private final ProcessRuntime runtime = ProcessRuntime.builder().mailboxWarnLength(100)
      .shutdownGracePeriod(Duration.ZERO).build();

  @AfterEach
  void close() {
    runtime.close();
  }

  @Test
  void aMailboxPastTheWarnLengthIsCountedUntilItDrainsOrItsProcessExits() throws Exception {
    CountDownLatch drain = new CountDownLatch(1);
    ProcessRef slow = runtime.spawn(ctx -> {
      drain.await();
      for (int i = 0; i < 1000; i++) {
        ctx.receive();
      }
      ctx.receive(String.class);
    });
    ProcessRef quiet = runtime.spawn(ctx -> ctx.receive());
    for (int i = 0; i < 1000; i++) {
      slow.send(i);
    }
    for (int i = 0; i < 50; i++) {
      quiet.send(i);
    }
    assertThat(runtime.mailboxBacklog()).isEqualTo(new MailboxBacklog(1, 1000, 100));

    drain.countDown();
    MessagingTest.awaitWaiting(runtime, slow.pid());
    assertThat(runtime.mailboxBacklog()).isEqualTo(new MailboxBacklog(0, 0, 100));

    for (int i = 0; i < 500; i++) {
      slow.send(i);
    }
    assertThat(runtime.mailboxBacklog().processes()).isEqualTo(1);
    slow.kill();
    slow.join();
    assertThat(runtime.mailboxBacklog()).isEqualTo(new MailboxBacklog(0, 0, 100));
    quiet.kill();
  }

  @Test
  void theLongestMailboxesComeFirst() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    ProcessRef[] refs = new ProcessRef[5];
    for (int p = 0; p < refs.length; p++) {
      refs[p] = runtime.spawn(ctx -> done.await());
      for (int i = 0; i < p * 10; i++) {
        refs[p].send(i);
      }
    }
    assertThat(runtime.longestMailboxes(3)).extracting(ProcessInfo::pid)
        .containsExactly(refs[4].pid(), refs[3].pid(), refs[2].pid());
    assertThat(runtime.longestMailboxes(3)).extracting(ProcessInfo::mailboxLength)
        .containsExactly(40L, 30L, 20L);
    assertThat(runtime.longestMailboxes(100)).hasSize(5);
    assertThat(runtime.longestMailboxes(0)).isEmpty();
    assertThatIllegalArgumentException().isThrownBy(() -> runtime.longestMailboxes(-1))
        .withMessage("limit must be zero or positive, was -1");
    done.countDown();
  }

  @Test
  void theWarnLengthMustBePositive() {
    assertThatIllegalArgumentException().isThrownBy(() -> ProcessRuntime.builder().mailboxWarnLength(0))
        .withMessage("mailboxWarnLength must be positive, was 0");
    try (ProcessRuntime defaults = ProcessRuntime.builder().build()) {
      assertThat(defaults.mailboxBacklog())
          .isEqualTo(new MailboxBacklog(0, 0, ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH));
    }
  }
  @Test
  void anExitedProcessIsNotKeptByTheWatchForLackOfAScrape() throws Exception {
    try (ProcessRuntime rt = ProcessRuntime.builder().mailboxWarnLength(4).build()) {
      for (int i = 0; i < 20; i++) {
        CountDownLatch never = new CountDownLatch(1);
        ProcessRef p = rt.spawn(ctx -> never.await());
        for (int m = 0; m < 16; m++) {
          p.send("m" + m);
        }
        p.kill();
        p.join();
      }
      java.lang.reflect.Field watchField = ProcessRuntime.class.getDeclaredField("backlog");
      watchField.setAccessible(true);
      Object watch = watchField.get(rt);
      java.lang.reflect.Field overField = watch.getClass().getDeclaredField("over");
      overField.setAccessible(true);
      assertThat((java.util.Set<?>) overField.get(watch)).as("processes tracked after their exit").isEmpty();
    }
  }
}
