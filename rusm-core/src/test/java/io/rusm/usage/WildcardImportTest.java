package io.rusm.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.rusm.*;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API is meant to be imported with {@code import io.rusm.*;}. This file compiling is half of the
 * test: every type below is named without qualification next to java.lang's implicit import.
 */
class WildcardImportTest {

  @Test
  void apiTypesAreUsableUnqualifiedUnderAWildcardImport() throws InterruptedException {
    try (ProcessRuntime runtime = ProcessRuntime.builder().build()) {
      ProcessRef ref = runtime.spawn("wildcard", (ProcessContext ctx) -> {});
      Exit exit = ref.join();
      Pid pid = ref.pid();
      assertThat(exit).isEqualTo(Exit.normal());
      assertThat(pid.toString()).startsWith("<0.");
    }
  }

  @Test
  void noPublicTypeOfTheApiPackageSharesASimpleNameWithJavaLang() throws Exception {
    List<String> apiTypes = topLevelTypesOf(ProcessRuntime.class);
    assertThat(apiTypes).contains("ProcessRef", "ProcessRuntime", "Pid", "Exit");
    for (String simpleName : apiTypes) {
      assertThat(javaLangHas(simpleName))
          .as("io.rusm.%s clashes with java.lang.%s under import io.rusm.*", simpleName, simpleName)
          .isFalse();
    }
  }

  private static List<String> topLevelTypesOf(Class<?> anchor) throws IOException, URISyntaxException {
    Path dir = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(anchor.getPackageName().replace('.', '/'));
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .filter(WildcardImportTest::isPublic)
          .sorted()
          .toList();
    }
  }

  private static boolean isPublic(String simpleName) {
    try {
      return java.lang.reflect.Modifier.isPublic(
          Class.forName("io.rusm." + simpleName).getModifiers());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean javaLangHas(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
