package dev.berth.desktop.registry2;

import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.registry2.ImportProgress;
import dev.berth.registry2.ImportReport;
import dev.berth.registry2.Registry2Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Bring my registry:2 data": the same import as {@code berth import --from-registry2}, into the
 * registry this window runs, while it keeps serving. The folder is registry:2's root directory; an
 * htpasswd file is optional. Progress shows in the status bar; the report stays on screen.
 */
public final class Registry2ImportViewModel {
  private final ServerViewModel server;
  private final BackgroundTasks tasks;

  private final StringProperty folder = new SimpleStringProperty("");
  private final StringProperty htpasswd = new SimpleStringProperty("");
  private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper("");

  public Registry2ImportViewModel(ServerViewModel server, BackgroundTasks tasks) {
    this.server = server;
    this.tasks = tasks;
  }

  public void startImport() {
    RunningRegistry registry = server.registryProperty().get();
    if (registry == null) {
      feedback.set(
          "Start the registry first: the data is imported into the registry this window runs.");
      return;
    }
    String folderText = folder.get() == null ? "" : folder.get().strip();
    if (folderText.isEmpty()) {
      feedback.set("Choose registry:2's data folder (its rootdirectory, e.g. /var/lib/registry).");
      return;
    }
    Optional<Registry2Layout> layout = Registry2Layout.find(Path.of(folderText));
    if (layout.isEmpty()) {
      feedback.set(
          folderText
              + " holds no registry:2 data (no docker/registry/v2 folder with repositories or blobs).");
      return;
    }
    Optional<Path> users =
        htpasswd.get() == null || htpasswd.get().isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(htpasswd.get().strip()));
    if (users.isPresent() && !Files.isRegularFile(users.get())) {
      feedback.set("The htpasswd file " + users.get() + " does not exist.");
      return;
    }
    importing.set(true);
    feedback.set("Importing " + layout.get().root() + " …");
    report.set("");
    tasks
        .run(
            "import the registry:2 data in " + folderText,
            progress ->
                registry
                    .importer()
                    .run(layout.get(), users, step -> progress.update(fraction(step))))
        .onSuccess(this::done)
        .onError(message -> feedback.set(message + " Importing again goes on where it stopped."))
        .andFinally(() -> importing.set(false))
        .start();
  }

  /** Blobs are most of the work; manifests and users the rest. */
  static double fraction(ImportProgress.Step step) {
    double part = step.total() > 0 ? (double) step.done() / step.total() : 0;
    return switch (step.phase()) {
      case SCANNING -> 0.1 * part;
      case BLOBS -> 0.1 + 0.7 * part;
      case MANIFESTS -> 0.8 + 0.15 * part;
      case USERS -> 0.95 + 0.05 * part;
    };
  }

  private void done(ImportReport result) {
    feedback.set(
        "Done: "
            + result.repositories()
            + " repositories, "
            + result.tags()
            + " tags"
            + (result.skipped().isEmpty()
                ? "."
                : "; " + result.skipped().size() + " items left out (see below)."));
    report.set(String.join("\n", result.lines()));
  }

  public StringProperty folderProperty() {
    return folder;
  }

  public StringProperty htpasswdProperty() {
    return htpasswd;
  }

  public ReadOnlyBooleanProperty importingProperty() {
    return importing.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty feedbackProperty() {
    return feedback.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty reportProperty() {
    return report.getReadOnlyProperty();
  }
}
