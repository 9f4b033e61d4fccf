package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.rusm.Exit;
import io.rusm.ProcessBody;
import io.rusm.ProcessDecorator;
import io.rusm.ProcessRuntime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class ProcessContextPropagationTests {

  /** Stands for whatever a request thread holds: a tenant, an MDC entry, a security context. */
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final String KEY = "rusm.test.request";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class));

  @BeforeAll
  static void registerTheAccessor() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, REQUEST::get, REQUEST::set, REQUEST::remove);
  }

  @AfterAll
  static void removeTheAccessor() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
  }

  @Test
  void offByDefault() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean(ProcessDecorator.class);
      assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isNull();
    });
  }

  @Test
  void onCarriesTheSpawningThreadsValueIntoTheProcessAndLeavesTheSpawnerAlone() {
    runner.withPropertyValues("rusm.propagate-context=true").run(context -> {
      assertThat(context).hasSingleBean(ContextPropagatingProcessDecorator.class);
      assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isEqualTo("request-42");
    });
  }

  @Test
  void onCarriesTheCurrentObservationAndSoTheTrace() {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(observationContext -> true);
    runner.withPropertyValues("rusm.propagate-context=true").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      CompletableFuture<Observation> seen = new CompletableFuture<>();
      Observation request = Observation.start("http.server.requests", observations);
      try (Observation.Scope scope = request.openScope()) {
        runtime.spawn(ctx -> seen.complete(observations.getCurrentObservation())).join();
      } finally {
        request.stop();
      }
      assertThat(seen).isCompletedWithValue(request);
    });
  }

  @Test
  void theValueIsGoneFromTheProcessThreadOnceTheBodyEnds() {
    runner.withPropertyValues("rusm.propagate-context=true").withUserConfiguration(CheckAfter.class)
        .run(context -> {
          ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
          CompletableFuture<String> seen = new CompletableFuture<>();
          REQUEST.set("request-7");
          try {
            assertThat(runtime.spawn(ctx -> {
              seen.complete(REQUEST.get());
              throw new IllegalStateException("and fails");
            }).join()).isInstanceOf(Exit.Failed.class);
          } finally {
            REQUEST.remove();
          }
          assertThat(seen).isCompletedWithValue("request-7");
          assertThat(context.getBean(CheckAfter.class).leftAfter).isCompletedWithValue(null);
        });
  }

  @Test
  void theApplicationsOwnContextPropagatingDecoratorReplacesTheAutoConfiguredOne() {
    runner.withPropertyValues("rusm.propagate-context=true").withUserConfiguration(CheckAfter.class)
        .run(context -> assertThat(context).hasSingleBean(ContextPropagatingProcessDecorator.class)
            .hasBean("ownContextPropagation"));
  }

  @Test
  void aRuntimeOfTheApplicationsOwnBuiltFromTheBuilderBeanPropagatesToo() {
    runner.withPropertyValues("rusm.propagate-context=true").withUserConfiguration(ProcessRuntimeAutoConfigurationTests.OwnRuntimeFromTheBuilder.class)
        .run(context -> {
          assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeLifecycle.class);
          assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isEqualTo("request-42");
        });
  }

  @Test
  void offWhenExplicitlyFalse() {
    runner.withPropertyValues("rusm.propagate-context=false").run(context -> {
      assertThat(context).doesNotHaveBean(ProcessDecorator.class);
      assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isNull();
    });
  }

  @Test
  void nothingWhenRusmIsDisabled() {
    runner.withPropertyValues("rusm.enabled=false", "rusm.propagate-context=true")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProcessDecorator.class));
  }

  @Test
  void onWithoutTheLibraryStopsStartUpSayingWhatIsMissing() {
    runner.withPropertyValues("rusm.propagate-context=true")
        .withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalStateException.class)
              .hasRootCauseMessage("rusm.propagate-context=true needs io.micrometer:context-propagation"
                  + " on the classpath (Micrometer Tracing brings it), or set it to false");
        });
  }

  @Test
  void offWithoutTheLibraryIsFine() {
    runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class)).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(ProcessDecorator.class);
      assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isNull();
    });
  }

  @Test
  void anInvalidValueStopsStartUpNamingTheProperty() {
    runner.withPropertyValues("rusm.propagate-context=sometimes").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasRootCauseMessage("Invalid boolean value 'sometimes'")
          .hasStackTraceContaining("Failed to bind properties under 'rusm.propagate-context' to boolean");
    });
  }

  @Test
  void theApplicationsDecoratorsApplyInOrderTheLastOutermost() {
    runner.withUserConfiguration(OrderedDecorators.class).run(context -> {
      List<String> trail = context.getBean(OrderedDecorators.class).trail;
      assertThat(context.getBean(ProcessRuntime.class).spawn(ctx -> trail.add("body")).join())
          .isEqualTo(Exit.normal());
      assertThat(trail).containsExactly("decorate first", "decorate second", "second", "first", "body");
    });
  }

  @Test
  void theApplicationsDecoratorAppliesBesideContextPropagation() {
    runner.withPropertyValues("rusm.propagate-context=true").withUserConfiguration(OneDecorator.class)
        .run(context -> {
          assertThat(context).getBeans(ProcessDecorator.class).hasSize(2);
          assertThat(requestSeenInAProcess(context.getBean(ProcessRuntime.class))).isEqualTo("request-42");
          assertThat(context.getBean(OneDecorator.class).decorated).isCompleted();
        });
  }

  @Test
  void aComposedDecoratorThatReturnsNullIsNamed() {
    ProcessDecorator forgetful = new ProcessDecorator() {
      @Override
      public ProcessBody decorate(ProcessBody body) {
        return null;
      }

      @Override
      public String toString() {
        return "forgetful";
      }
    };
    ProcessDecorator composed = ProcessRuntimeAutoConfiguration.compose(List.of(body -> body, forgetful));
    assertThatThrownBy(() -> composed.decorate(ctx -> {})).isInstanceOf(NullPointerException.class)
        .hasMessage("ProcessDecorator forgetful returned null for a body");
  }

  @Test
  void theDecoratorRefusesANullFactory() {
    assertThatThrownBy(() -> new ContextPropagatingProcessDecorator(null))
        .isInstanceOf(NullPointerException.class).hasMessage("snapshots");
  }

  /** Spawns from this thread with REQUEST set, and returns what the process saw. */
  private static String requestSeenInAProcess(ProcessRuntime runtime) throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    REQUEST.set("request-42");
    try {
      runtime.spawn(ctx -> {
        seen.complete(REQUEST.get());
        REQUEST.set("changed in the process");
      }).join();
      assertThat(REQUEST.get()).isEqualTo("request-42");
    } finally {
      REQUEST.remove();
    }
    return seen.getNow("not completed");
  }

  /**
   * The application's own context-propagating decorator, inside one that reads REQUEST on the process's
   * thread after it.
   */
  @Configuration(proxyBeanMethods = false)
  static class CheckAfter {
    final CompletableFuture<String> leftAfter = new CompletableFuture<>();

    @Bean
    @Order(1)
    ContextPropagatingProcessDecorator ownContextPropagation() {
      return new ContextPropagatingProcessDecorator(ContextSnapshotFactory.builder().build());
    }

    @Bean
    @Order(2)
    ProcessDecorator checkAfter() {
      return body -> ctx -> {
        try {
          body.run(ctx);
        } finally {
          leftAfter.complete(REQUEST.get());
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedDecorators {
    final List<String> trail = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    ProcessDecorator second() {
      return named("second");
    }

    @Bean
    @Order(1)
    ProcessDecorator first() {
      return named("first");
    }

    private ProcessDecorator named(String name) {
      return body -> {
        trail.add("decorate " + name);
        return ctx -> {
          trail.add(name);
          body.run(ctx);
        };
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OneDecorator {
    final CompletableFuture<Void> decorated = new CompletableFuture<>();

    @Bean
    ProcessDecorator marking() {
      return body -> {
        decorated.complete(null);
        return body;
      };
    }
  }
}
