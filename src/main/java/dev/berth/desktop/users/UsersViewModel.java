package dev.berth.desktop.users;

import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.Confirmer;
import dev.berth.desktop.fx.FilePicker;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.UserAccounts;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.engine.AuthSettings;
import dev.berth.users.Namespace;
import dev.berth.users.User;
import dev.berth.users.UserName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The registry's users: list, add, remove, reset passwords, enable and disable, change access,
 * import and export htpasswd files. Everything goes through {@link dev.berth.users.UserService} on
 * a background task, on the data folder of the settings (so it works while the registry is down).
 */
public final class UsersViewModel {
  private final UserAccounts accounts;
  private final SettingsModel settings;
  private final BackgroundTasks tasks;
  private final Confirmer confirmer;
  private final AccountPrompt prompt;
  private final FilePicker files;
  private final UserMessages messages;

  private final ObservableList<User> users = FXCollections.observableArrayList();
  private final ObjectProperty<User> selected = new SimpleObjectProperty<>();
  private final StringProperty newName = new SimpleStringProperty("");
  private final StringProperty newPassword = new SimpleStringProperty("");
  private final StringProperty newPasswordAgain = new SimpleStringProperty("");
  private final BooleanProperty newReadOnly = new SimpleBooleanProperty(false);
  private final StringProperty newNamespaces = new SimpleStringProperty("");
  private final BooleanProperty editReadOnly = new SimpleBooleanProperty(false);
  private final StringProperty editNamespaces = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper feedback = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

  public UsersViewModel(
      UserAccounts accounts,
      SettingsModel settings,
      ServerViewModel server,
      BackgroundTasks tasks,
      Confirmer confirmer,
      AccountPrompt prompt,
      FilePicker files,
      UserMessages messages) {
    this.accounts = accounts;
    this.settings = settings;
    this.tasks = tasks;
    this.confirmer = confirmer;
    this.prompt = prompt;
    this.files = files;
    this.messages = messages;
    selected.addListener(
        (obs, old, now) -> {
          editReadOnly.set(now != null && now.readOnly());
          editNamespaces.set(now == null ? "" : namespaces(now));
        });
    // Reload once a registry runs, never when one stops: with none running, listing the users opens
    // the data folder (and takes its lock), which would race the registry's own restart.
    server
        .registryProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null) {
                reload();
              }
            });
  }

  private Path data() {
    return Path.of(settings.current().dataDirectory());
  }

  public void reload() {
    String keep = selected.get() == null ? null : selected.get().name();
    tasks
        .run("list the users", progress -> accounts.withUsers(data(), users -> users.list()))
        .onSuccess(list -> show(list, keep))
        .start();
  }

  private void show(List<User> list, String keep) {
    users.setAll(list);
    selected.set(list.stream().filter(u -> u.name().equals(keep)).findFirst().orElse(null));
    DesktopSettings s = settings.current();
    long enabled = list.stream().filter(u -> !u.disabled()).count();
    String auth =
        s.authMode() == AuthSettings.Mode.NONE
            ? "Authentication is off: anyone who reaches the registry may push. Turn it on in Settings."
            : "Authentication: "
                + s.authMode().word()
                + (s.anonymousPull() ? ", anonymous pull allowed." : ".");
    summary.set(
        list.size()
            + (list.size() == 1 ? " user" : " users")
            + " ("
            + enabled
            + " enabled). "
            + auth);
  }

  /** Adds the user of the form; returns false (with feedback) when the form is not complete. */
  public boolean add() {
    String name = newName.get() == null ? "" : newName.get().trim();
    try {
      UserName.check(name);
    } catch (IllegalArgumentException e) {
      feedback.set(e.getMessage() + ".");
      return false;
    }
    char[] password = newPassword.get().toCharArray();
    char[] again = newPasswordAgain.get().toCharArray();
    String problem = NewPasswords.problem(password, again);
    NewPasswords.wipe(again);
    Optional<List<Namespace>> namespaces = parseNamespaces(newNamespaces.get());
    if (problem != null || namespaces.isEmpty()) {
      NewPasswords.wipe(password);
      if (problem != null) {
        feedback.set(problem);
      }
      return false;
    }
    boolean readOnly = newReadOnly.get();
    feedback.set("");
    tasks
        .run(
            "add the user " + name,
            progress ->
                accounts.withUsers(
                    data(), users -> users.add(name, password, readOnly, namespaces.get())))
        .onSuccess(
            user -> {
              newName.set("");
              newPassword.set("");
              newPasswordAgain.set("");
              newNamespaces.set("");
              newReadOnly.set(false);
              changed("Added the user " + user.name() + ".", user.name());
            })
        .onError(feedback::set)
        .start();
    return true;
  }

  public void removeSelected() {
    User user = selected.get();
    if (user == null) {
      return;
    }
    boolean last = users.stream().noneMatch(u -> !u.disabled() && !u.name().equals(user.name()));
    String warning =
        last && settings.current().authMode() != AuthSettings.Mode.NONE
            ? "\n\nNobody else can log in: the registry will refuse everyone until you add a user again."
            : "";
    if (!confirmer.confirm(
        "Remove user",
        "Remove the user "
            + user.name()
            + "? Clients logged in as "
            + user.name()
            + " can no longer push or pull."
            + warning,
        "Remove user")) {
      return;
    }
    tasks
        .run(
            "remove the user " + user.name(),
            progress -> {
              accounts.withUsers(
                  data(),
                  users -> {
                    users.remove(user.name());
                    return null;
                  });
              return null;
            })
        .onSuccess(ignored -> changed("Removed the user " + user.name() + ".", null))
        .start();
  }

  /** Asks for a new password for the selected user, twice. */
  public void resetPassword() {
    User user = selected.get();
    if (user == null) {
      return;
    }
    Optional<AccountPrompt.Answer> answer =
        prompt.askUntilUsable(
            "Reset password",
            "Type the new password for " + user.name() + " twice.",
            user.name(),
            a -> NewPasswords.problem(a.password(), a.repeated()));
    if (answer.isEmpty()) {
      return;
    }
    char[] password = answer.get().password();
    NewPasswords.wipe(answer.get().repeated());
    tasks
        .run(
            "set the password of " + user.name(),
            progress ->
                accounts.withUsers(
                    data(),
                    users -> {
                      users.changePassword(user.name(), password);
                      return null;
                    }))
        .onSuccess(ignored -> changed("Set a new password for " + user.name() + ".", user.name()))
        .start();
  }

  /** Disables an enabled user and enables a disabled one. */
  public void toggleDisabled() {
    User user = selected.get();
    if (user == null) {
      return;
    }
    boolean disable = !user.disabled();
    tasks
        .run(
            (disable ? "disable " : "enable ") + "the user " + user.name(),
            progress ->
                accounts.withUsers(
                    data(),
                    users -> {
                      users.setDisabled(user.name(), disable);
                      return null;
                    }))
        .onSuccess(
            ignored ->
                changed((disable ? "Disabled " : "Enabled ") + user.name() + ".", user.name()))
        .start();
  }

  /** Saves the read-only flag and namespaces edited for the selected user. */
  public void saveAccess() {
    User user = selected.get();
    Optional<List<Namespace>> namespaces = parseNamespaces(editNamespaces.get());
    if (user == null || namespaces.isEmpty()) {
      return;
    }
    boolean readOnly = editReadOnly.get();
    feedback.set("");
    tasks
        .run(
            "change the access of " + user.name(),
            progress ->
                accounts.withUsers(
                    data(),
                    users -> {
                      users.setAccess(user.name(), readOnly, namespaces.get());
                      return null;
                    }))
        .onSuccess(ignored -> changed("Changed the access of " + user.name() + ".", user.name()))
        .start();
  }

  /** Imports an htpasswd file; new users get the read-only flag and namespaces of the add form. */
  public void importHtpasswd() {
    Optional<List<Namespace>> namespaces = parseNamespaces(newNamespaces.get());
    if (namespaces.isEmpty()) {
      return;
    }
    Optional<Path> file = files.open("Import users from an htpasswd file");
    if (file.isEmpty()) {
      return;
    }
    boolean readOnly = newReadOnly.get();
    // Issue 15: one MD5 or SHA line used to reject the whole file; the bcrypt lines are imported
    // and the others listed.
    record Imported(
        dev.berth.users.UserService.ImportResult result,
        List<dev.berth.users.HtpasswdFile.Skipped> skipped) {}
    tasks
        .run(
            "import users from " + file.get(),
            progress -> {
              dev.berth.users.HtpasswdFile.Contents contents =
                  dev.berth.users.HtpasswdFile.readLeniently(file.get());
              return new Imported(
                  accounts.withUsers(
                      data(),
                      users -> users.importEntries(contents.entries(), readOnly, namespaces.get())),
                  contents.skipped());
            })
        .onSuccess(
            i ->
                changed(
                    "Imported "
                        + file.get().getFileName()
                        + ": "
                        + i.result().added().size()
                        + " added"
                        + (i.result().added().isEmpty() ? "" : " " + i.result().added())
                        + ", "
                        + i.result().updated().size()
                        + " with a new password"
                        + (i.result().updated().isEmpty() ? "" : " " + i.result().updated())
                        + "."
                        + (i.skipped().isEmpty()
                            ? ""
                            : " Skipped "
                                + i.skipped().size()
                                + ": "
                                + String.join(
                                    "; ",
                                    i.skipped().stream()
                                        .map(
                                            k ->
                                                "line "
                                                    + k.line()
                                                    + (k.name() == null
                                                        ? ""
                                                        : " (" + k.name() + ")")
                                                    + ": "
                                                    + k.reason())
                                        .toList())
                                + "."),
                    null))
        .start();
  }

  /** Writes the enabled users to an htpasswd file (bcrypt hashes, as registry:2 reads them). */
  public void exportHtpasswd() {
    Optional<Path> file = files.save("Export users as an htpasswd file", "htpasswd");
    if (file.isEmpty()) {
      return;
    }
    tasks
        .run(
            "export the users to " + file.get(),
            progress -> accounts.withUsers(data(), users -> users.exportHtpasswd(file.get())))
        .onSuccess(
            names ->
                messages.showInfo(
                    "Exported "
                        + names.size()
                        + (names.size() == 1 ? " user" : " users")
                        + " to "
                        + file.get()
                        + ". Disabled users, read-only flags and namespaces are not part of htpasswd files."))
        .start();
  }

  private void changed(String message, String select) {
    messages.showInfo(message);
    if (select != null && (selected.get() == null || !select.equals(selected.get().name()))) {
      selected.set(users.stream().filter(u -> u.name().equals(select)).findFirst().orElse(null));
    }
    String keep = select;
    tasks
        .run("list the users", progress -> accounts.withUsers(data(), users -> users.list()))
        .onSuccess(list -> show(list, keep))
        .start();
  }

  /**
   * {@code team-a, team-b/*} → the namespaces, or empty with feedback when one is not a namespace.
   */
  private Optional<List<Namespace>> parseNamespaces(String text) {
    List<Namespace> result = new ArrayList<>();
    for (String part : (text == null ? "" : text).split("[,\\s]+")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        result.add(Namespace.parse(part));
      } catch (IllegalArgumentException e) {
        feedback.set(
            "'"
                + part
                + "' is not a namespace: use names like team-a or team-a/*, separated by commas.");
        return Optional.empty();
      }
    }
    return Optional.of(result);
  }

  /** How the table shows a user's namespaces. */
  public static String namespaces(User user) {
    return String.join(", ", user.namespaces().stream().map(Namespace::toString).toList());
  }

  public ObservableList<User> users() {
    return users;
  }

  public ObjectProperty<User> selectedProperty() {
    return selected;
  }

  public StringProperty newNameProperty() {
    return newName;
  }

  public StringProperty newPasswordProperty() {
    return newPassword;
  }

  public StringProperty newPasswordAgainProperty() {
    return newPasswordAgain;
  }

  public BooleanProperty newReadOnlyProperty() {
    return newReadOnly;
  }

  public StringProperty newNamespacesProperty() {
    return newNamespaces;
  }

  public BooleanProperty editReadOnlyProperty() {
    return editReadOnly;
  }

  public StringProperty editNamespacesProperty() {
    return editNamespaces;
  }

  public ReadOnlyStringProperty feedbackProperty() {
    return feedback.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
