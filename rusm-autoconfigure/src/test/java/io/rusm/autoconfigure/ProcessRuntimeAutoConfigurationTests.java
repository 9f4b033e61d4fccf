package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rusm.MailboxBacklog;
import io.rusm.ProcessRef;
import io.rusm.ProcessRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@ExtendWith(OutputCaptureExtension.class)
class ProcessRuntimeAutoConfigurationTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProcessRuntimeAutoConfiguration.class));

  @Test
  void defaultsComeFromTheCoreBuilder() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(ProcessRuntime.class).hasSingleBean(ProcessRuntimeLifecycle.class);
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      try (ProcessRuntime reference = ProcessRuntime.builder().build()) {
        assertThat(runtime.maxProcesses()).isEqualTo(ProcessRuntime.DEFAULT_MAX_PROCESSES);
        assertThat(runtime.stripes()).isEqualTo(reference.stripes());
        assertThat(runtime.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
      }
      assertThat(context.getBean(RusmProperties.class)).isEqualTo(new RusmProperties(true,
          ProcessRuntime.DEFAULT_MAX_PROCESSES, null, false, new RusmProperties.Table(null),
          new RusmProperties.Shutdown(Duration.ofSeconds(5), Duration.ofSeconds(5)),
          new RusmProperties.Mailbox(ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH), new RusmProperties.Health(null)));
      assertThat(runtime.mailboxBacklog().warnLength()).isEqualTo(ProcessRuntime.DEFAULT_MAILBOX_WARN_LENGTH);
    });
  }

  @Test
  void explicitlyEnabledConfiguresTheRuntime() {
    runner.withPropertyValues("rusm.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(ProcessRuntime.class));
  }

  @Test
  void disabledConfiguresNothing() {
    runner.withPropertyValues("rusm.enabled=false").run(context -> assertThat(context)
        .doesNotHaveBean(ProcessRuntime.class)
        .doesNotHaveBean(ProcessRuntimeLifecycle.class)
        .doesNotHaveBean(RusmProperties.class)
        .doesNotHaveBean(ProcessRuntime.Builder.class));
  }

  @Test
  void backsOffFromTheApplicationsOwnRuntime() {
    runner.withUserConfiguration(OwnRuntime.class).run(context -> {
      assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeLifecycle.class);
      assertThat(context.getBean(ProcessRuntime.class).maxProcesses()).isEqualTo(3);
    });
  }

  @Test
  void theBuilderBeanStaysBesideTheApplicationsOwnRuntimeWithThePropertiesAndCustomizersApplied() {
    runner.withPropertyValues("rusm.max-processes=7", "rusm.mailbox.warn-length=50")
        .withUserConfiguration(OwnRuntimeFromTheBuilder.class, Customizers.class).run(context -> {
          assertThat(context).hasSingleBean(ProcessRuntime.class).doesNotHaveBean(ProcessRuntimeLifecycle.class);
          ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
          assertThat(runtime.maxProcesses()).isEqualTo(20);
          assertThat(runtime.mailboxWarnLength()).isEqualTo(50);
          assertThat(context.getBean(ProcessRuntime.Builder.class))
              .as("a fresh builder for each injection point")
              .isNotSameAs(context.getBean(ProcessRuntime.Builder.class));
        });
  }

  @Test
  void theApplicationsOwnBuilderBeanBuildsTheAutoConfiguredRuntime() {
    runner.withUserConfiguration(OwnBuilder.class).run(context ->
        assertThat(context.getBean(ProcessRuntime.class).maxProcesses()).isEqualTo(11));
  }

  @Test
  void propertiesConfigureTheRuntime() {
    runner.withPropertyValues("rusm.max-processes=7", "rusm.table.stripes=8",
        "rusm.thread-name-prefix=worker-", "rusm.shutdown.grace-period=250ms",
        "rusm.shutdown.kill-timeout=2s").run(context -> {
          ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
          assertThat(runtime.maxProcesses()).isEqualTo(7);
          assertThat(runtime.stripes()).isEqualTo(8);
          assertThat(runtime.shutdownGracePeriod()).isEqualTo(Duration.ofMillis(250));
          assertThat(context.getBean(RusmProperties.class).shutdown().killTimeout())
              .isEqualTo(Duration.ofSeconds(2));
          assertThat(threadNameOfAProcess(runtime)).matches("worker-\\d+");
        });
  }

  @Test
  void theMailboxWarnLengthConfiguresTheRuntimesBacklogWatch() {
    runner.withPropertyValues("rusm.mailbox.warn-length=4").run(context -> {
      ProcessRuntime runtime = context.getBean(ProcessRuntime.class);
      assertThat(runtime.mailboxBacklog().warnLength()).isEqualTo(4);
      CountDownLatch release = new CountDownLatch(1);
      ProcessRef parked = runtime.spawn(ctx -> release.await());
      for (int i = 0; i < 20; i++) {
        parked.send(i);
      }
      assertThat(runtime.mailboxBacklog()).isEqualTo(new MailboxBacklog(1, 20, 4));
      release.countDown();
      parked.join();
    });
  }

  @Test
  void byDefaultThreadsAreUnnamed() {
    runner.run(context ->
        assertThat(threadNameOfAProcess(context.getBean(ProcessRuntime.class))).isEmpty());
  }

  @Test
  void anEmptyThreadNamePrefixLeavesThreadsUnnamed() {
    runner.withPropertyValues("rusm.thread-name-prefix=").run(context ->
        assertThat(threadNameOfAProcess(context.getBean(ProcessRuntime.class))).isEmpty());
  }

  @Test
  void customizersRunInOrderAfterTheProperties() {
    runner.withPropertyValues("rusm.max-processes=5").withUserConfiguration(Customizers.class)
        .run(context -> assertThat(context.getBean(ProcessRuntime.class).maxProcesses()).isEqualTo(20));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "rusm.max-processes=0            | rusm          | rusm.max-processes must be positive, was 0",
      "rusm.max-processes=-5           | rusm          | rusm.max-processes must be positive, was -5",
      "rusm.table.stripes=0            | rusm.table    | rusm.table.stripes must be a power of two from 1 to 65536, was 0",
      "rusm.table.stripes=12           | rusm.table    | rusm.table.stripes must be a power of two from 1 to 65536, was 12",
      "rusm.table.stripes=131072       | rusm.table    | rusm.table.stripes must be a power of two from 1 to 65536, was 131072",
      "rusm.shutdown.grace-period=-1s  | rusm.shutdown | rusm.shutdown.grace-period must be zero or positive, was PT-1S",
      "rusm.shutdown.kill-timeout=-5ms | rusm.shutdown | rusm.shutdown.kill-timeout must be zero or positive, was PT-0.005S",
      "rusm.mailbox.warn-length=0      | rusm.mailbox  | rusm.mailbox.warn-length must be positive, was 0",
      "rusm.health.mailbox-length-limit=-1 | rusm.health | rusm.health.mailbox-length-limit must be positive, was -1",
      "rusm.health.mailbox-length-limit=0  | rusm.health | rusm.health.mailbox-length-limit must be positive, was 0",
  })
  void anInvalidValueStopsStartUpNamingThePropertyAndTheRule(String property, String prefix, String message) {
    runner.withPropertyValues(property).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasRootCauseMessage(message);
      assertThat(innermostBindException(context.getStartupFailure()).getMessage())
          .startsWith("Failed to bind properties under '" + prefix + "' to io.rusm.autoconfigure.RusmProperties");
    });
  }

  @Test
  void theStartUpFailureReportShowsTheRule(CapturedOutput output) {
    SpringApplication application = new SpringApplication(NoBeans.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(() -> application.run("--rusm.table.stripes=3")).isInstanceOf(BeanCreationException.class);
    assertThat(output).contains("APPLICATION FAILED TO START",
        "Failed to bind properties under 'rusm.table' to io.rusm.autoconfigure.RusmProperties$Table",
        "rusm.table.stripes must be a power of two from 1 to 65536, was 3");
  }

  /** The bind failure that Spring Boot's start-up report describes. */
  private static BindException innermostBindException(Throwable failure) {
    BindException found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException e) {
        found = e;
      }
    }
    assertThat(found).as("a BindException in the chain of %s", failure).isNotNull();
    return found;
  }

  private static String threadNameOfAProcess(ProcessRuntime runtime) throws Exception {
    CompletableFuture<String> name = new CompletableFuture<>();
    runtime.spawn(ctx -> name.complete(Thread.currentThread().getName())).join();
    return name.get();
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(ProcessRuntimeAutoConfiguration.class)
  static class NoBeans {
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean
    ProcessRuntime ownRuntime() {
      return ProcessRuntime.builder().maxProcesses(3).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRuntimeFromTheBuilder {
    @Bean(destroyMethod = "close")
    ProcessRuntime ownRuntime(ProcessRuntime.Builder builder) {
      return builder.build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBuilder {
    @Bean
    ProcessRuntime.Builder ownBuilder() {
      return ProcessRuntime.builder().maxProcesses(11);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    @Bean
    @Order(2)
    ProcessRuntimeBuilderCustomizer second() {
      return builder -> builder.maxProcesses(20);
    }

    @Bean
    @Order(1)
    ProcessRuntimeBuilderCustomizer first() {
      return builder -> builder.maxProcesses(10);
    }
  }
}
