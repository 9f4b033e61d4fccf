package io.rusm.autoconfigure;

import io.rusm.ProcessRuntime;

/**
 * Adjusts the {@link ProcessRuntime.Builder} of the auto-configured runtime after the {@code rusm.*}
 * properties have been applied, for what the properties do not cover. Every customizer bean is applied,
 * in {@link org.springframework.core.annotation.Order @Order} order.
 *
 * <pre>{@code
 * @Bean
 * ProcessRuntimeBuilderCustomizer unnamedThreads() {
 *   return builder -> builder.threadNamePrefix(null);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ProcessRuntimeBuilderCustomizer {

  /** Customizes the builder; the runtime is built after the last customizer has run. */
  void customize(ProcessRuntime.Builder builder);
}
