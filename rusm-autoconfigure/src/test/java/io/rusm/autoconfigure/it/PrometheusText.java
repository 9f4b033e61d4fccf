package io.rusm.autoconfigure.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in Prometheus' text exposition format, parsed into samples and metric types. */
record PrometheusText(List<Sample> samples, Map<String, String> types) {

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
  private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");

  /** One sample line: {@code name{label="value",...} value}. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        types.put(type.group(1), type.group(2));
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return new PrometheusText(samples, types);
  }

  /** The one sample with this name whose labels include {@code labels}. */
  Sample sample(String name, Map<String, String> labels) {
    List<Sample> matching = samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
    if (matching.size() != 1) {
      throw new IllegalStateException("expected one sample " + name + labels + ", found " + matching);
    }
    return matching.getFirst();
  }

  /** The type declared for a sample's metric family: a counter's family is its name without {@code _total}. */
  String typeOf(String sampleName) {
    String type = types.get(sampleName);
    return type != null ? type : types.get(sampleName.replaceFirst("_total$", ""));
  }
}
