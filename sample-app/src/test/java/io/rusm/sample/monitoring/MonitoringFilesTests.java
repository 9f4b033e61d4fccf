package io.rusm.sample.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.sample.Http;
import io.rusm.sample.RunningAppTests;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped Grafana dashboard and Prometheus rules read only metrics the running application really
 * exposes at /actuator/prometheus (or names the rules file records), and the dashboard is importable
 * against any Prometheus data source.
 */
class MonitoringFilesTests extends RunningAppTests {

  private Set<String> exposed() {
    Http.Answer answer = http.get("/actuator/prometheus");
    assertThat(answer.status()).isEqualTo(200);
    return MonitoringFiles.exposedNames(answer.body());
  }

  private static Set<String> rusm(Set<String> names) {
    return names.stream().filter(name -> name.startsWith("rusm_")).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyNameInTheDashboardIsExposedByTheAppOrRecordedByTheRules() {
    JsonNode dashboard = MonitoringFiles.dashboard();
    Map<String, String> exprs = new LinkedHashMap<>(MonitoringFiles.panelExpressions(dashboard));
    MonitoringFiles.variableQueries(dashboard).forEach((name, query) -> exprs.put("variable " + name, query));
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
    exprs.forEach((key, expr) -> assertThat(MonitoringFiles.namesIn(expr)).as(key + ": " + expr).isNotEmpty());

    Set<String> exposed = exposed();
    assertThat(MonitoringFiles.unknownNames(exprs, exposed, MonitoringFiles.recordedNames()))
        .as("names the app does not expose; its rusm metrics are " + rusm(exposed)).isEmpty();
  }

  @Test
  void everyNameInTheRulesIsExposedByTheAppOrRecordedByTheRules() {
    Map<String, String> exprs = MonitoringFiles.ruleExpressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(3);
    exprs.forEach((key, expr) -> assertThat(MonitoringFiles.namesIn(expr)).as(key + ": " + expr).isNotEmpty());

    Set<String> exposed = exposed();
    assertThat(MonitoringFiles.unknownNames(exprs, exposed, MonitoringFiles.recordedNames()))
        .as("names the app does not expose; its rusm metrics are " + rusm(exposed)).isEmpty();
  }

  @Test
  void theDashboardAndTheRulesBetweenThemReadEveryRusmMetric() {
    Set<String> read = new HashSet<>();
    MonitoringFiles.panelExpressions(MonitoringFiles.dashboard()).values()
        .forEach(expr -> read.addAll(MonitoringFiles.namesIn(expr)));
    MonitoringFiles.ruleExpressions().values().forEach(expr -> read.addAll(MonitoringFiles.namesIn(expr)));

    assertThat(read).as("a rusm metric the app exposes and no panel or rule reads: give it a panel")
        .containsAll(rusm(exposed()));
  }

  @Test
  void aMisspeltOrUnrecordedNameIsCaught() {
    Set<String> exposed = MonitoringFiles.exposedNames("""
        # TYPE rusm_processes_spawned_total counter
        rusm_processes_spawned_total 3.0
        rusm_processes_finished_total{outcome="failed"} 1.0
        """);
    assertThat(exposed).containsExactly("rusm_processes_finished_total", "rusm_processes_spawned_total");

    Map<String, String> exprs = new LinkedHashMap<>();
    exprs.put("good", "sum by (outcome) (rate(rusm_processes_finished_total{outcome=\"rusm_nothing\"}[1m]))");
    exprs.put("misspelt", "rate(rusm_processes_spawnd_total[$__rate_interval])");
    exprs.put("recorded", "job:rusm_processes_spawned:rate1m > 0");
    exprs.put("unrecorded", "job:rusm_processes_spawned:rate5m > rusm_processes_spawned_total");

    assertThat(MonitoringFiles.unknownNames(exprs, exposed, Set.of("job:rusm_processes_spawned:rate1m")))
        .containsExactly(
            Map.entry("misspelt", Set.of("rusm_processes_spawnd_total")),
            Map.entry("unrecorded", Set.of("job:rusm_processes_spawned:rate5m")));
  }

  @Test
  void everyPanelQueriesTheDatasourceVariable() {
    JsonNode dashboard = MonitoringFiles.dashboard();
    JsonNode variables = dashboard.path("templating").path("list");
    JsonNode datasource = null;
    for (JsonNode variable : variables) {
      if ("datasource".equals(variable.path("name").asString())) {
        datasource = variable;
      }
    }
    assertThat(datasource).as("a variable named datasource").isNotNull();
    assertThat(datasource.path("type").asString()).isEqualTo("datasource");
    assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
    assertThat(dashboard.path("uid").asString()).isNotBlank();

    Set<Integer> ids = new HashSet<>();
    int targets = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
      if ("row".equals(panel.path("type").asString())) {
        continue;
      }
      String title = panel.path("title").asString();
      assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        targets++;
        assertThat(target.path("datasource").path("uid").asString()).as(title).isEqualTo("${datasource}");
        assertThat(target.path("expr").asString()).as(title).contains("job=~\"$job\"", "instance=~\"$instance\"");
      }
    }
    // Every query is read by the other tests: none hides another under the same key.
    assertThat(MonitoringFiles.panelExpressions(dashboard)).hasSize(targets);
  }
}
