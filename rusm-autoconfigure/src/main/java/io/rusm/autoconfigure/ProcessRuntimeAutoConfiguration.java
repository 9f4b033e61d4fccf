package io.rusm.autoconfigure;

import io.micrometer.context.ContextSnapshotFactory;
import io.rusm.ProcessBody;
import io.rusm.ProcessDecorator;
import io.rusm.ProcessRuntime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.util.StringUtils;

/**
 * Auto-configures a {@link ProcessRuntime} from the {@code rusm.*} {@linkplain RusmProperties
 * properties}, any {@link ProcessDecorator} beans and any {@link ProcessRuntimeBuilderCustomizer} beans,
 * and shuts it down with the application context (see {@link ProcessRuntimeLifecycle}).
 *
 * <p>Every {@code ProcessDecorator} bean wraps each process's body at spawn, in {@link
 * org.springframework.core.annotation.Order @Order} order, each wrapping what the one before returned (so
 * the last is outermost), as Spring Boot applies {@code TaskDecorator} beans to its task executors. With
 * {@code rusm.propagate-context=true} and Micrometer's Context Propagation library on the classpath, one
 * of them is a {@link ContextPropagatingProcessDecorator}.
 *
 * <p>The runtime backs off when the application defines its own {@code ProcessRuntime}, whose life is then
 * the application's to manage. The {@link ProcessRuntime.Builder} bean stays, a fresh one for each
 * injection point with all of the above applied, so that a runtime of the application's own can start from
 * the same settings, as Spring Boot's {@code RestClient.Builder} does. Everything backs off with {@code
 * rusm.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "rusm.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RusmProperties.class)
public final class ProcessRuntimeAutoConfiguration {

  /**
   * A builder with the {@code rusm.*} properties, the decorators and then the customizers applied; a new
   * one for each injection point, since a builder is mutable.
   */
  @Bean
  @Scope("prototype")
  @ConditionalOnMissingBean
  ProcessRuntime.Builder processRuntimeBuilder(RusmProperties properties,
      ObjectProvider<ProcessDecorator> decorators, ObjectProvider<ProcessRuntimeBuilderCustomizer> customizers) {
    ProcessRuntime.Builder builder = ProcessRuntime.builder()
        .maxProcesses(properties.maxProcesses())
        .threadNamePrefix(StringUtils.hasLength(properties.threadNamePrefix()) ? properties.threadNamePrefix() : null)
        .shutdownGracePeriod(properties.shutdown().gracePeriod())
        .mailboxWarnLength(properties.mailbox().warnLength())
        .decorator(compose(decorators.orderedStream().toList()));
    Integer stripes = properties.table().stripes();
    if (stripes != null) {
      builder.stripes(stripes);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  /** The runtime and what shuts it down, unless the application has a runtime of its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(ProcessRuntime.class)
  static class RuntimeConfiguration {

    /**
     * The runtime, built from the builder and owned by {@link #processRuntimeLifecycle}, which shuts it
     * down. No destroy method here: {@link ProcessRuntime#close()} would wait for ever on a process that
     * ignores its kill.
     */
    @Bean(destroyMethod = "")
    ProcessRuntime processRuntime(ProcessRuntimeLifecycle processRuntimeLifecycle) {
      return processRuntimeLifecycle.runtime();
    }

    @Bean
    ProcessRuntimeLifecycle processRuntimeLifecycle(ProcessRuntime.Builder processRuntimeBuilder,
        RusmProperties properties) {
      return new ProcessRuntimeLifecycle(processRuntimeBuilder.build(), properties.shutdown());
    }
  }

  /**
   * None for no decorators, so the runtime's spawn skips decoration altogether; the one itself for one;
   * for several, one that applies them in order.
   */
  static @Nullable ProcessDecorator compose(List<ProcessDecorator> decorators) {
    return switch (decorators.size()) {
      case 0 -> null;
      case 1 -> decorators.get(0);
      default -> new CompositeDecorator(List.copyOf(decorators));
    };
  }

  private record CompositeDecorator(List<ProcessDecorator> decorators) implements ProcessDecorator {
    @Override
    public ProcessBody decorate(ProcessBody body) {
      for (ProcessDecorator decorator : decorators) {
        body = decorator.decorate(body);
        if (body == null) {
          // The runtime's own check would name this composite; name the decorator that broke it.
          throw new NullPointerException("ProcessDecorator " + decorator + " returned null for a body");
        }
      }
      return body;
    }
  }

  /** Carries the spawner's context into processes when the application asks and the library is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ContextSnapshotFactory.class)
  @ConditionalOnBooleanProperty("rusm.propagate-context")
  static class ContextPropagationConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ContextPropagatingProcessDecorator contextPropagatingProcessDecorator() {
      return new ContextPropagatingProcessDecorator();
    }
  }

  /**
   * Stops start-up when the application asks for context propagation without the library that does it,
   * rather than leave processes silently without the context the application expects in its logs.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("io.micrometer.context.ContextSnapshotFactory")
  @ConditionalOnBooleanProperty("rusm.propagate-context")
  static class ContextPropagationUnavailableConfiguration {

    ContextPropagationUnavailableConfiguration() {
      throw new IllegalStateException("rusm.propagate-context=true needs io.micrometer:context-propagation"
          + " on the classpath (Micrometer Tracing brings it), or set it to false");
    }
  }
}
