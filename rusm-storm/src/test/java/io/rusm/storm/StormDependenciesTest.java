package io.rusm.storm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Storms drive the runtime through its public API in {@code io.rusm}, as any application does, and never
 * through {@code io.rusm.internal}.
 */
class StormDependenciesTest {

  private static final JavaClasses STORM = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.rusm.storm");

  @Test
  void usesTheRuntimeThroughItsApiOnly() {
    classes()
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.rusm", "io.rusm.storm..", "org.HdrHistogram..")
        .check(STORM);
  }
}
