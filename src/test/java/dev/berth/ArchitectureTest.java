package dev.berth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of STYLE.md, enforced: dependencies point down, the engine never sees JavaFX. */
@AnalyzeClasses(packages = "dev.berth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule engineNeverSeesJavaFx =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.berth.desktop..")
          .and()
          .doNotHaveFullyQualifiedName("dev.berth.cli.DesktopCommand")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.controlsfx..");

  @ArchTest
  static final ArchRule onlyTheCommandLineOpensTheDesktop =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.berth.desktop..", "dev.berth.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.berth.desktop..")
          .because("the engine side must not know the UI exists; only `berth desktop` starts it");

  @ArchTest
  static final ArchRule ociValuesArePure =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.oci..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.berth.api..",
              "dev.berth.registry..",
              "dev.berth.storage..",
              "dev.berth.metadata..",
              "dev.berth.engine..",
              "io.undertow..",
              "java.nio.file..",
              "java.sql..");

  @ArchTest
  static final ArchRule storageKnowsNoHttpOrDatabase =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.storage..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.berth.api..",
              "dev.berth.registry..",
              "dev.berth.metadata..",
              "io.undertow..",
              "java.sql..");

  @ArchTest
  static final ArchRule useCasesKnowNoHttp =
      noClasses()
          .that()
          .resideInAnyPackage("dev.berth.registry..", "dev.berth.metadata..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.berth.api..", "io.undertow..");

  @ArchTest
  static final ArchRule onlyTheApiBuildsHttpResponses =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.berth.api..", "dev.berth.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.undertow..");

  @ArchTest
  static final ArchRule noSystemOutInLibraryCode =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.berth.cli..", "dev.berth")
          .should()
          .accessField(System.class, "out");

  /**
   * An interrupt that reaches a thread inside H2's file IO closes the database for every connection
   * (h2database #1076): executors are shut down without interrupting their threads.
   */
  @ArchTest
  static final ArchRule nothingInterruptsWorkerThreads =
      noClasses()
          .should()
          .callMethod(java.util.concurrent.ExecutorService.class, "shutdownNow")
          .orShould()
          .callMethod(java.util.concurrent.ScheduledExecutorService.class, "shutdownNow")
          .orShould()
          .callMethod(java.util.concurrent.ThreadPoolExecutor.class, "shutdownNow")
          .because("an interrupt inside the database closes it for everyone");

  /**
   * Only the composition root knows which adapters stand behind the metadata and blob interfaces.
   */
  @ArchTest
  static final ArchRule onlyTheCompositionRootKnowsTheAdapters =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.berth.metadata.h2..", "dev.berth.storage.fs..", "dev.berth.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.berth.metadata.h2..", "dev.berth.storage.fs..")
          .because(
              "a PostgreSQL or S3 adapter must be a new package and a line in the composition root, nothing more");

  /** The HTTP layer sees use cases and their values, never the stores below them. */
  @ArchTest
  static final ArchRule theHttpLayerUsesTheUseCases =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.berth.metadata.h2..", "dev.berth.storage.fs..")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("dev\\.berth\\.registry\\.Local.*");

  /**
   * Features reach each other through the use-case interfaces and events: only the composition root
   * names an implementation, so a decorator (a cache, a quota) can stand in for it.
   */
  @ArchTest
  static final ArchRule implementationsAreWiredOnlyByTheCompositionRoot =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.berth.registry..", "dev.berth.engine..")
          .should()
          .dependOnClassesThat()
          .haveNameMatching("dev\\.berth\\.registry\\.Local.*")
          .because(
              "features use BlobService, ManifestService … and RegistryEvents, not one another's classes");

  /**
   * The engine's working parts: stores, use cases, the collector, the engine itself. Their values
   * (records and enums such as a GC plan, a tag row, a free-space status) may cross to the desktop;
   * the objects that act may not.
   */
  static final DescribedPredicate<JavaClass> ENGINE_INTERNALS =
      DescribedPredicate.describe(
          "engine internals (stores, use cases, collector, engine; not their value records and enums)",
          c ->
              (c.getPackageName()
                          .matches("dev\\.berth\\.(metadata|storage|gc|registry|engine)(\\..*)?")
                      || c.getName().equals("dev.berth.browse.RepositoryBrowser")
                      || c.getName().equals("dev.berth.check.StorageCheck"))
                  && !c.isEnum()
                  && !c.getRawSuperclass()
                      .map(s -> s.getName().equals("java.lang.Record"))
                      .orElse(false)
                  && !c.isAssignableTo(Throwable.class)
                  // a value's own callback type, such as GcProgress.Listener
                  && !c.getEnclosingClass()
                      .map(
                          o ->
                              o.getRawSuperclass()
                                  .map(s -> s.getName().equals("java.lang.Record"))
                                  .orElse(false))
                      .orElse(false));

  /**
   * Issue 11: views and view models reach the registry only through the desktop's narrow services
   * (browse, delete, storage, certificates; wired in desktop.services), never e.g. {@code
   * engine().metadata().gc()}. Only the engine host, which starts and stops the engine, and the
   * service adapters see it.
   */
  @ArchTest
  static final ArchRule theDesktopNeverTouchesEngineInternals =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.desktop..")
          .and()
          .resideOutsideOfPackage("dev.berth.desktop.services..")
          .and()
          .doNotHaveFullyQualifiedName("dev.berth.desktop.server.EngineHost")
          .and()
          .doNotHaveFullyQualifiedName("dev.berth.desktop.server.EngineHost$Starter")
          .and()
          .doNotHaveFullyQualifiedName("dev.berth.desktop.server.RunningRegistry")
          .and()
          .doNotHaveFullyQualifiedName("dev.berth.desktop.DesktopLauncher")
          .should()
          .dependOnClassesThat(ENGINE_INTERNALS)
          .because(
              "a remote registry (or a second node) must be able to stand behind the same views");

  /** The desktop's services are plain Java, testable without a toolkit. */
  @ArchTest
  static final ArchRule desktopServicesArePlainJava =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.desktop.services..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("javafx..", "org.controlsfx..");
}
