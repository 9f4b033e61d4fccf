package io.rusm.sample.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's monitoring files, {@code monitoring/grafana/rusm-dashboard.json} and
 * {@code monitoring/prometheus/rusm-rules.yml}, read as Grafana and Prometheus read them, and the metric
 * names their PromQL expressions use.
 */
public final class MonitoringFiles {

  /** Set by the build (Surefire) to the repository's {@code monitoring} folder. */
  public static final String DIR_PROPERTY = "rusm.monitoring.dir";

  // A PromQL identifier: a metric name, a recording rule's name (level:metric:operations), a function, a
  // keyword or a label name. Quoted label values are removed before matching.
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  // A line of the Prometheus text format that carries a sample: its series name first.
  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  private MonitoringFiles() {
  }

  /** The monitoring folder; fails, naming the property, when the build did not set it. */
  public static Path dir() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null) {
      throw new IllegalStateException(DIR_PROPERTY + " is not set: the sample-app pom sets it for Surefire");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /** The Grafana dashboard's JSON model. */
  public static JsonNode dashboard() {
    return JsonMapper.shared().readTree(read(dir().resolve("grafana/rusm-dashboard.json")));
  }

  /** The rules file's rules, each a map of its fields (record or alert, expr, for, labels...). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> rules() {
    Map<String, Object> file = new Yaml().load(read(dir().resolve("prometheus/rusm-rules.yml")));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  /** The names the rules file records. */
  public static Set<String> recordedNames() {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : rules()) {
      if (rule.get("record") != null) {
        names.add((String) rule.get("record"));
      }
    }
    return names;
  }

  /** Every expression of the rules file, keyed by the rule's name (record or alert). */
  public static Map<String, String> ruleExpressions() {
    Map<String, String> exprs = new LinkedHashMap<>();
    for (Map<String, Object> rule : rules()) {
      String name = (String) (rule.get("record") != null ? rule.get("record") : rule.get("alert"));
      exprs.put(name, String.valueOf(rule.get("expr")));
    }
    return exprs;
  }

  /** Every panel's queries, keyed by panel id, title and refId; rows' nested panels included. */
  public static Map<String, String> panelExpressions(JsonNode dashboard) {
    Map<String, String> exprs = new LinkedHashMap<>();
    collectPanels(dashboard.path("panels"), exprs);
    return exprs;
  }

  private static void collectPanels(JsonNode panels, Map<String, String> exprs) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        exprs.put("panel " + panel.path("id").asInt() + " \"" + panel.path("title").asString() + "\" #"
            + target.path("refId").asString(), target.path("expr").asString());
      }
      collectPanels(panel.path("panels"), exprs);
    }
  }

  /** The dashboard's template variables' queries (label_values(...)), keyed by variable name. */
  public static Map<String, String> variableQueries(JsonNode dashboard) {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString())) {
        JsonNode query = variable.path("query");
        queries.put(variable.path("name").asString(), query.isObject() ? query.path("query").asString() : query.asString());
      }
    }
    return queries;
  }

  /**
   * The names an expression reads: identifiers starting {@code rusm_} (metric names) or containing a
   * colon (recording rules' names), outside quoted strings.
   */
  public static Set<String> namesIn(String expr) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(QUOTED.matcher(expr).replaceAll("\"\""));
    while (m.find()) {
      String name = m.group();
      if (name.startsWith("rusm_") || name.contains(":")) {
        names.add(name);
      }
    }
    return names;
  }

  /** The series names in a Prometheus text-format scrape. */
  public static Set<String> exposedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Each expression's names that are neither exposed by the application nor recorded by the rules file,
   * keyed by the expression's key; empty when every name is known.
   */
  public static Map<String, Set<String>> unknownNames(Map<String, String> exprs, Set<String> exposed,
      Set<String> recorded) {
    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    exprs.forEach((key, expr) -> {
      Set<String> names = new TreeSet<>();
      for (String name : namesIn(expr)) {
        boolean known = name.contains(":") ? recorded.contains(name) : exposed.contains(name);
        if (!known) {
          names.add(name);
        }
      }
      if (!names.isEmpty()) {
        unknown.put(key, names);
      }
    });
    return unknown;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }
}
