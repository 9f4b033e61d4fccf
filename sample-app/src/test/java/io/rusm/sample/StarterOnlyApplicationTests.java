package io.rusm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.rusm.ProcessRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The sample app as a user's application: it declares the starter and a web starter (besides the storm
 * engine it runs and its charts), configures nothing of rusm or of the actuator, and gets the ProcessRuntime
 * bean and the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterOnlyApplicationTests {

  @LocalServerPort
  int port;

  @Autowired
  ConfigurableApplicationContext context;

  @Autowired
  ProcessRuntime runtime;

  @Autowired
  MeterRegistry registry;

  @Test
  void theApplicationDeclaresOnlyTheStarterAWebStarterTheStormEngineAndTheChartsWebJar() throws Exception {
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    NodeList dependencies = pom.getDocumentElement().getElementsByTagName("dependency");
    List<String> declared = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if (!(dependency.getParentNode().getParentNode() instanceof Element owner) || !"project".equals(owner.getTagName())) {
        continue; // a plugin's dependency, not the application's
      }
      NodeList scope = dependency.getElementsByTagName("scope");
      if (scope.getLength() == 0 || !"test".equals(scope.item(0).getTextContent())) {
        declared.add(dependency.getElementsByTagName("groupId").item(0).getTextContent() + ":"
            + dependency.getElementsByTagName("artifactId").item(0).getTextContent());
      }
    }
    assertThat(declared).containsExactlyInAnyOrder("io.rusm:rusm-spring-boot-starter",
        "org.springframework.boot:spring-boot-starter-webmvc", "io.rusm:rusm-storm", "org.webjars.npm:uplot");
  }

  @Test
  void theApplicationConfiguresNeitherRusmNorTheActuator() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    assertThat(properties.stringPropertyNames()).isNotEmpty()
        .noneMatch(name -> name.startsWith("rusm.") || name.startsWith("management."));
  }

  @Test
  void theProcessRuntimeBeanComesFromTheStartersAutoConfiguration() throws ClassNotFoundException {
    String[] names = context.getBeanNamesForType(ProcessRuntime.class);
    assertThat(names).hasSize(1);
    BeanDefinition definition = context.getBeanFactory().getBeanDefinition(names[0]);
    Class<?> factory = Class.forName(
        context.getBeanFactory().getBeanDefinition(definition.getFactoryBeanName()).getBeanClassName());
    // An auto-configuration, or a configuration nested in one.
    while (factory.getEnclosingClass() != null) {
      factory = factory.getEnclosingClass();
    }
    assertThat(AnnotatedElementUtils.hasAnnotation(factory, AutoConfiguration.class))
        .as("%s is an auto-configuration", factory).isTrue();
    assertThat(factory.getPackageName()).startsWith("io.rusm.").doesNotStartWith("io.rusm.sample");
    assertThat(runtime.isShutdown()).isFalse();
  }

  @Test
  void theRuntimesMetricsAreRegisteredAndScraped() {
    for (String meter : List.of("rusm.processes.spawned", "rusm.processes.finished", "rusm.processes.live",
        "rusm.processes.rejected", "rusm.processes.limit")) {
      assertThat(registry.find(meter).meters()).as(meter).isNotEmpty();
    }
    assertThat(registry.find("rusm.processes.limit").gauge().value()).isEqualTo(runtime.maxProcesses());

    Http.Answer scrape = new Http(port).get("/actuator/prometheus");

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.body()).contains("rusm_processes_spawned_total", "rusm_processes_finished_total{",
        "outcome=\"normal\"", "outcome=\"killed\"", "outcome=\"failed\"", "rusm_processes_live",
        "rusm_processes_rejected_total", "rusm_processes_limit");
  }
}
