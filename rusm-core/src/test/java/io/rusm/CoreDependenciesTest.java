package io.rusm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * rusm-core ships in every application that adds the starter, so its classes use the JDK and each other,
 * and Micrometer only in {@code io.rusm.metrics}, the one package an application without Micrometer never
 * loads. The build's enforcer rule keeps the declared dependencies to match.
 */
class CoreDependenciesTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.rusm");

  @Test
  void outsideMetricsUsesOnlyTheJdk() {
    classes().that().resideOutsideOfPackage("io.rusm.metrics..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rusm..")
        .check(CORE);
  }

  @Test
  void metricsUsesOnlyTheJdkAndMicrometer() {
    classes().that().resideInAPackage("io.rusm.metrics..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rusm..", "io.micrometer..")
        .check(CORE);
  }

  @Test
  void nothingRecordsWithHdrHistogram() {
    noClasses().should().dependOnClassesThat().resideInAPackage("org.HdrHistogram..")
        .check(CORE);
  }
}
