package dev.berth.desktop.users;

import static dev.berth.desktop.ViewModelHarness.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.server.ServerState;
import dev.berth.desktop.settings.SettingsViewModel;
import dev.berth.engine.AuthSettings;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.Command;
import dev.berth.users.Namespace;
import dev.berth.users.User;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Users view model and the first-administrator flow against a real engine, without the FX
 * toolkit; htpasswd files come from and go to Apache's real {@code htpasswd -B}.
 */
class UsersViewModelTest {
  @TempDir Path root;
  private ViewModelHarness h;
  private UsersViewModel users;

  @BeforeEach
  void start() throws Exception {
    h = new ViewModelHarness(root);
    users =
        new UsersViewModel(
            h.accounts, h.settings, h.server, h.tasks, h::confirm, h::ask, h.files(), h.messages);
    h.server.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private void fillAddForm(String name, String password, String again) {
    users.newNameProperty().set(name);
    users.newPasswordProperty().set(password);
    users.newPasswordAgainProperty().set(again);
  }

  private User user(String name) {
    return users.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
  }

  private void turnOnBasicAuth() throws Exception {
    h.settings.update(s -> s.withAccess(AuthSettings.Mode.BASIC, false, false));
    h.server.restart();
    assertThat(h.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
  }

  private int login(String name, String password) throws Exception {
    return new AuthRegistryClient(HttpClient.newHttpClient(), h.engine().url(), name, password)
        .get("/v2/");
  }

  @Test
  void add_checksTheFormFirst_thenAddsAUserWhoCanLogIn() throws Exception {
    fillAddForm("alice", "correct horse", "correct hoarse");
    assertThat(users.add()).isFalse();
    assertThat(users.feedbackProperty().get())
        .isEqualTo("The two passwords are not the same; type them again.");

    fillAddForm("alice", "short", "short");
    assertThat(users.add()).isFalse();
    assertThat(users.feedbackProperty().get()).contains("at least 8 characters");

    fillAddForm("al ice", "correct horse", "correct horse");
    assertThat(users.add()).isFalse();
    assertThat(users.feedbackProperty().get()).contains("is not a valid user name");

    fillAddForm("alice", "correct horse", "correct horse");
    users.newNamespacesProperty().set("team-a, team-b/*");
    users.newReadOnlyProperty().set(true);
    assertThat(users.add()).isTrue();

    assertThat(users.users()).extracting(User::name).containsExactly("alice");
    assertThat(user("alice").readOnly()).isTrue();
    assertThat(user("alice").namespaces())
        .containsExactly(new Namespace("team-a"), new Namespace("team-b"));
    assertThat(users.newPasswordProperty().get()).isEmpty();
    assertThat(h.messages.infoProperty().get()).isEqualTo("Added the user alice.");

    turnOnBasicAuth();
    assertThat(login("alice", "correct horse")).isEqualTo(200);
    assertThat(login("alice", "wrong password")).isEqualTo(401);
  }

  @Test
  void remove_resetPassword_disable_andAccess_changeTheUser() throws Exception {
    fillAddForm("alice", "correct horse", "correct horse");
    users.add();
    fillAddForm("bob", "battery staple", "battery staple");
    users.add();
    turnOnBasicAuth();
    users.reload();

    users.selectedProperty().set(user("bob"));
    h.accountAnswers.add(answer("bob", "new password", "other password"));
    h.accountAnswers.add(answer("bob", "new password", "new password"));
    users.resetPassword();
    assertThat(h.accountQuestions.get(1)).startsWith("The two passwords are not the same");
    assertThat(login("bob", "battery staple")).isEqualTo(401);
    assertThat(login("bob", "new password")).isEqualTo(200);

    users.toggleDisabled();
    assertThat(user("bob").disabled()).isTrue();
    assertThat(login("bob", "new password")).isEqualTo(401);
    users.toggleDisabled();
    assertThat(user("bob").disabled()).isFalse();

    users.editReadOnlyProperty().set(true);
    users.editNamespacesProperty().set("team-a/*");
    users.saveAccess();
    assertThat(user("bob").readOnly()).isTrue();
    assertThat(user("bob").namespaces()).containsExactly(new Namespace("team-a"));

    h.confirmAnswer = false;
    users.removeSelected();
    assertThat(users.users()).extracting(User::name).containsExactly("alice", "bob");
    h.confirmAnswer = true;
    users.removeSelected();
    assertThat(users.users()).extracting(User::name).containsExactly("alice");
    assertThat(login("bob", "new password")).isEqualTo(401);
  }

  @Test
  void importAndExport_workWithApacheHtpasswd() throws Exception {
    Command.require("htpasswd", "apache2-utils");
    Path file = root.resolve("team.htpasswd");
    Command.of("htpasswd", "-cbB", file.toString(), "carol", "carol's password").run();
    Command.of("htpasswd", "-bB", file.toString(), "dave", "dave's password").run();
    h.fileToOpen = file;
    users.newReadOnlyProperty().set(true);

    users.importHtpasswd();

    assertThat(users.users()).extracting(User::name).containsExactly("carol", "dave");
    assertThat(user("carol").readOnly()).isTrue();
    assertThat(h.messages.infoProperty().get())
        .isEqualTo("Imported team.htpasswd: 2 added [carol, dave], 0 with a new password.");
    turnOnBasicAuth();
    assertThat(login("carol", "carol's password")).isEqualTo(200);

    fillAddForm("erin", "erin's password", "erin's password");
    users.add();
    h.fileToSave = root.resolve("exported");
    users.exportHtpasswd();

    assertThat(Files.readAllLines(h.fileToSave)).hasSize(3);
    assertThat(
            Command.of("htpasswd", "-vb", h.fileToSave.toString(), "erin", "erin's password")
                .tryRun()
                .exitCode())
        .isZero();
    assertThat(
            Command.of("htpasswd", "-vb", h.fileToSave.toString(), "erin", "wrong")
                .tryRun()
                .exitCode())
        .isNotZero();
  }

  @Test
  void turningAuthenticationOn_withoutUsers_asksForTheFirstAdministrator() throws Exception {
    SettingsViewModel settings =
        new SettingsViewModel(h.settings, h.server, h.tasks, h.accounts, h.firstAdministrator);
    settings.authModeProperty().set(AuthSettings.Mode.TOKEN);

    settings.saveAndRestart(); // the person cancels the dialog

    assertThat(h.accountQuestions).hasSize(1);
    assertThat(h.settings.current().authMode()).isEqualTo(AuthSettings.Mode.NONE);
    assertThat(settings.feedbackProperty().get())
        .startsWith("Not saved: authentication needs a first administrator");

    h.accountAnswers.add(answer("admin", "first admin pw", "first admin pw!"));
    h.accountAnswers.add(answer("admin", "first admin pw", "first admin pw"));
    settings.saveAndRestart();

    assertThat(h.accountQuestions.get(2)).startsWith("The two passwords are not the same");
    assertThat(h.settings.store().load().authMode()).isEqualTo(AuthSettings.Mode.TOKEN);
    assertThat(h.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
    assertThat(h.engine().authentication()).startsWith("token authentication");
    users.reload();
    assertThat(users.users())
        .extracting(User::name, User::readOnly)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", false));
  }

  @Test
  void startingWithAuthenticationButNoUsers_asksForTheFirstAdministrator_andStarts()
      throws Exception {
    h.host.stop();
    h.settings.update(s -> s.withAccess(AuthSettings.Mode.BASIC, true, false));
    h.server.setOnNoUsers(
        config ->
            h.firstAdministrator.ask(
                config.dataDirectory(), "Nobody can log in.", h.server::start));
    h.accountAnswers.add(answer("root", "root password", "root password"));

    h.server.start();

    assertThat(h.accountQuestions).containsExactly("Nobody can log in.");
    assertThat(h.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
    assertThat(login("root", "root password")).isEqualTo(200);
    assertThat(h.messages.infoProperty().get()).startsWith("Added the administrator root.");
    assertThat(List.of(h.server.problemProperty().get())).containsExactly("");
  }
}
