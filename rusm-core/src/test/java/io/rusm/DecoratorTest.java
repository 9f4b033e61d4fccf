package io.rusm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecoratorTest {

  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  /** Carries REQUEST from the spawning thread into the process and removes it when the body is done. */
  private static final ProcessDecorator CARRY_REQUEST = body -> {
    String captured = REQUEST.get();
    return ctx -> {
      REQUEST.set(captured);
      try {
        body.run(ctx);
      } finally {
        REQUEST.remove();
      }
    };
  };

  @Test
  void eachBodyIsDecoratedOnTheSpawningThreadAndTheResultRunsInTheProcess() throws Exception {
    List<Thread> decoratingThreads = new CopyOnWriteArrayList<>();
    List<Thread> runningThreads = new CopyOnWriteArrayList<>();
    ProcessDecorator recording = body -> {
      decoratingThreads.add(Thread.currentThread());
      return ctx -> {
        runningThreads.add(Thread.currentThread());
        body.run(ctx);
      };
    };
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(recording).build()) {
      AtomicInteger ran = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        assertThat(runtime.spawn(ctx -> ran.incrementAndGet()).join()).isEqualTo(Exit.normal());
      }

      assertThat(ran).hasValue(3);
      assertThat(decoratingThreads).containsOnly(Thread.currentThread()).hasSize(3);
      assertThat(runningThreads).hasSize(3).doesNotContain(Thread.currentThread())
          .allMatch(Thread::isVirtual).doesNotHaveDuplicates();
    }
  }

  @Test
  void aValueOnTheSpawningThreadIsSeenInTheProcessAndGoneFromItsThreadAfterwards() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    CompletableFuture<String> leftAfter = new CompletableFuture<>();
    // Wraps the decorated body, so it reads the process's thread once CARRY_REQUEST has finished with it.
    ProcessDecorator checkAfter = body -> ctx -> {
      try {
        body.run(ctx);
      } finally {
        leftAfter.complete(REQUEST.get());
      }
    };
    try (ProcessRuntime runtime = ProcessRuntime.builder()
        .decorator(body -> checkAfter.decorate(CARRY_REQUEST.decorate(body))).build()) {
      REQUEST.set("request-42");
      try {
        ProcessRef process = runtime.spawn(ctx -> {
          seen.complete(REQUEST.get());
          REQUEST.set("changed in the process");
        });

        assertThat(process.join()).isEqualTo(Exit.normal());
        assertThat(seen).isCompletedWithValue("request-42");
        assertThat(leftAfter).isCompletedWithValue(null);
        assertThat(REQUEST.get()).isEqualTo("request-42");
      } finally {
        REQUEST.remove();
      }
    }
  }

  @Test
  void aProcessSpawnedByAProcessCarriesTheContextItWasGiven() throws Exception {
    CompletableFuture<String> seenByChild = new CompletableFuture<>();
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(CARRY_REQUEST).build()) {
      REQUEST.set("request-7");
      try {
        runtime.spawn(parent -> parent.spawn(child -> seenByChild.complete(REQUEST.get())).join()).join();
      } finally {
        REQUEST.remove();
      }
      assertThat(seenByChild).isCompletedWithValue("request-7");
    }
  }

  @Test
  void aDecoratorThatThrowsFailsTheSpawnAndLeavesNothingBehind() throws Exception {
    IllegalStateException broken = new IllegalStateException("no context today");
    AtomicBoolean fail = new AtomicBoolean(true);
    AtomicBoolean ran = new AtomicBoolean();
    ProcessDecorator sometimesBroken = body -> {
      if (fail.get()) {
        throw broken;
      }
      return body;
    };
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(sometimesBroken).build()) {
      assertThatThrownBy(() -> runtime.spawn(ctx -> ran.set(true))).isSameAs(broken);

      assertThat(ran).isFalse();
      assertNothingLeft(runtime);

      fail.set(false);
      ProcessRef next = runtime.spawn(ctx -> {});
      assertThat(next.pid()).isEqualTo(new Pid(0));
      assertThat(next.join()).isEqualTo(Exit.normal());
    }
  }

  @Test
  void aDecoratorThatReturnsNullFailsTheSpawnNamingItAndLeavesNothingBehind() {
    ProcessDecorator returnsNull = new ProcessDecorator() {
      @Override
      public ProcessBody decorate(ProcessBody body) {
        return null;
      }

      @Override
      public String toString() {
        return "the forgetful decorator";
      }
    };
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(returnsNull).build()) {
      assertThatThrownBy(() -> runtime.spawn(ctx -> {}))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("ProcessDecorator the forgetful decorator returned null for a body");
      assertNothingLeft(runtime);
    }
  }

  @Test
  void aNullBodyIsRefusedBeforeTheDecoratorSeesIt() {
    AtomicBoolean decorated = new AtomicBoolean();
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(body -> {
      decorated.set(true);
      return body;
    }).build()) {
      assertThatThrownBy(() -> runtime.spawn(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
      assertThat(decorated).isFalse();
    }
  }

  @Test
  void aKillBeforeTheStartMeansTheDecoratedBodyNeverRuns() throws Exception {
    GatedThreads gated = new GatedThreads();
    AtomicBoolean wrapperRan = new AtomicBoolean();
    AtomicBoolean bodyRan = new AtomicBoolean();
    ProcessDecorator wrapping = body -> ctx -> {
      wrapperRan.set(true);
      body.run(ctx);
    };
    try (ProcessRuntime runtime = ProcessRuntime.builder().threadFactory(gated).decorator(wrapping).build()) {
      ProcessRef process = runtime.spawn(ctx -> bodyRan.set(true));
      assertThat(process.kill()).isTrue();
      gated.open();

      assertThat(process.join()).isEqualTo(Exit.killed());
      assertThat(wrapperRan).isFalse();
      assertThat(bodyRan).isFalse();
      assertThat(runtime.live()).isZero();
    }
  }

  @Test
  void aFailureInsideTheDecoratedBodyIsTheProcessExit() throws Exception {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(CARRY_REQUEST).build()) {
      assertThat(runtime.spawn(ctx -> {
        throw boom;
      }).join()).isEqualTo(Exit.failed(boom));
      assertThat(runtime.finished(Exit.Outcome.FAILED)).isEqualTo(1);
      assertThat(runtime.live()).isZero();
    }
  }

  @Test
  void aNullDecoratorMeansBodiesRunAsSpawned() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    try (ProcessRuntime runtime = ProcessRuntime.builder().decorator(CARRY_REQUEST).decorator(null).build()) {
      REQUEST.set("not carried");
      try {
        runtime.spawn(ctx -> seen.complete(REQUEST.get())).join();
      } finally {
        REQUEST.remove();
      }
    }
    assertThat(seen).isCompletedWithValue(null);
  }

  private static void assertNothingLeft(ProcessRuntime runtime) {
    assertThat(runtime.live()).isZero();
    assertThat(runtime.spawned()).isZero();
    assertThat(runtime.finished()).isZero();
    assertThat(runtime.rejected()).isZero();
    assertThat(runtime.processes(10)).isEmpty();
    assertThat(runtime.find(new Pid(0))).isEmpty();
  }
}
