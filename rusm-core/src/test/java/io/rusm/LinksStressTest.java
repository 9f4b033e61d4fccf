package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Groups of linked processes and watchers built while kills, throws and normal exits race their set-up:
 * at the end every monitor's Down came exactly once, the live count is exact, and no link or monitor of
 * an ended process remains anywhere.
 */
class LinksStressTest {

  private static final int GROUPS = 400;
  private static final int GROUP_SIZE = 6;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void linksAndMonitorsRacingExitsLeaveNothingBehindAndLoseNoDown() throws Exception {
    try (ProcessRuntime runtime = ProcessRuntime.builder().shutdownGracePeriod(Duration.ZERO).build()) {
      Set<MonitorRef> monitors = ConcurrentHashMap.newKeySet();
      Set<MonitorRef> downs = ConcurrentHashMap.newKeySet();
      LongAdder duplicateDowns = new LongAdder();
      Set<Pid> completed = ConcurrentHashMap.newKeySet();
      List<ProcessRef> all = java.util.Collections.synchronizedList(new ArrayList<>());
      SplittableRandom seeds = new SplittableRandom(7);
      List<ProcessRef> groupLeaders = new ArrayList<>();
      for (int g = 0; g < GROUPS; g++) {
        long seed = seeds.nextLong();
        groupLeaders.add(runtime.spawn(ctx -> {
          SplittableRandom random = new SplittableRandom(seed);
          if (random.nextBoolean()) {
            ctx.trapExits(true);
          }
          List<Pid> members = new ArrayList<>();
          for (int i = 0; i < GROUP_SIZE; i++) {
            int fate = random.nextInt(4);
            ProcessBody member = c -> {
              switch (fate) {
                case 0 -> {}
                case 1 -> throw new IllegalStateException("planned");
                default -> c.receive(Duration.ofMillis(random.nextInt(3)));
              }
            };
            ProcessRef m = random.nextBoolean() ? ctx.spawnLink(member) : ctx.spawn(member);
            all.add(m);
            members.add(m.pid());
            if (random.nextInt(3) == 0) {
              m.kill();
            }
          }
          // Links and monitors to members that may be running, ending or gone.
          Set<MonitorRef> kept = new java.util.HashSet<>();
          for (Pid p : members) {
            switch (random.nextInt(3)) {
              case 0 -> ctx.link(p);
              case 1 -> kept.add(ctx.monitor(p));
              default -> ctx.demonitor(ctx.monitor(p));
            }
          }
          monitors.addAll(kept);
          // Every member ends by itself: take the one Down each kept monitor owes, and no other.
          Set<MonitorRef> answered = new java.util.HashSet<>();
          while (answered.size() < kept.size()) {
            Down d = ctx.receive(Down.class);
            if (!kept.contains(d.ref()) || !answered.add(d.ref()) || !downs.add(d.ref())) {
              duplicateDowns.increment();
            }
          }
          completed.add(ctx.self());
          if (random.nextInt(4) == 0) {
            throw new IllegalStateException("leader failed");
          }
        }));
      }
      for (ProcessRef leader : groupLeaders) {
        leader.join();
      }
      for (ProcessRef p : new ArrayList<>(all)) {
        p.join();
      }
      // live() drops a moment after a joined process stops being alive: shutdown waits for it.
      assertThat(runtime.shutdown(Duration.ZERO, Duration.ofSeconds(30))).isTrue();
      assertThat(runtime.live()).isZero();
      assertThat(runtime.spawned()).isEqualTo(runtime.finished());
      assertThat(duplicateDowns.sum()).isZero();
      // Leaders killed through a link stop listening; the others took one Down per monitor they kept.
      assertThat(completed).isNotEmpty();
      for (MonitorRef ref : monitors) {
        if (completed.contains(ref.watcher.pid())) {
          assertThat(downs).contains(ref);
        }
      }
      assertThat(runtime.downsDelivered()).isGreaterThanOrEqualTo(downs.size());
      assertThat(runtime.linkedExits()).isPositive();
      for (ProcessRef p : groupLeaders) {
        LinksTest.assertNoBookkeeping(p);
      }
      for (ProcessRef p : all) {
        LinksTest.assertNoBookkeeping(p);
      }
    }
  }
}
