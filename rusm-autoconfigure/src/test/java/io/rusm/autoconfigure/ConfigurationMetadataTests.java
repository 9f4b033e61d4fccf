package io.rusm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every property the README's table documents has IDE metadata, so an IDE does not flag it unknown. */
class ConfigurationMetadataTests {

  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

  @Test
  void everyDocumentedPropertyHasMetadata() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("### Properties");
    String table = readme.substring(start, readme.indexOf("\n\n", readme.indexOf("| property |", start)));
    List<String> documented = new ArrayList<>();
    Matcher m = TABLE_ROW.matcher(table);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).contains("rusm.enabled", "management.health.rusm.enabled");
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated configuration metadata").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String property : documented) {
      assertThat(metadata).as("metadata for %s", property).contains("\"name\": \"" + property + "\"");
    }
  }
}
