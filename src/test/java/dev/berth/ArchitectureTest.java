package dev.berth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Layering rules the build enforces, so they hold from the first commit on. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.berth");

  @Test
  void onlyTheDesktopPackageUsesJavaFx() {
    noClasses().that().resideOutsideOfPackage("dev.berth.desktop..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
        .because("serve and the engine must run without a display, and view models stay testable")
        .check(MAIN);
  }

  @Test
  void theEngineSideNeverDependsOnTheDesktop() {
    noClasses().that().resideOutsideOfPackages("dev.berth.desktop..", "dev.berth.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.desktop..")
        .because("only the command line may open the desktop app")
        .check(MAIN);
  }
}
