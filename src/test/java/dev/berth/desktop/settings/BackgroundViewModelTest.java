package dev.berth.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.session.LaunchCommand;
import dev.berth.desktop.session.XdgAutostartEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two background choices against a real autostart folder and a real settings file: each takes
 * effect when ticked, the login item always says how Berth starts, and a failure leaves the choices
 * showing what is really in effect.
 */
class BackgroundViewModelTest {
  @TempDir Path temp;
  private SettingsStore store;
  private XdgAutostartEntry entry;

  @BeforeEach
  void setUp() {
    store = new SettingsStore(temp.resolve("config"));
    entry = new XdgAutostartEntry(temp.resolve("autostart"));
  }

  private BackgroundViewModel model(SettingsModel settings) {
    return new BackgroundViewModel(
        settings,
        Optional.of(entry),
        arguments -> new LaunchCommand(concat("/opt/berth/bin/berth", arguments)));
  }

  private static List<String> concat(String program, List<String> arguments) {
    List<String> argv = new java.util.ArrayList<>(List.of(program));
    argv.addAll(arguments);
    return argv;
  }

  @Test
  void startAtLogin_writesTheEntry_andKeepServingMakesItStartInTheBackground() throws Exception {
    BackgroundViewModel model = model(new SettingsModel(store));

    model.startAtLoginProperty().set(true);

    assertThat(Files.readString(entry.file())).contains("Exec=/opt/berth/bin/berth desktop\n");
    assertThat(model.feedbackProperty().get()).contains("opens when you log in", entry.location());

    model.keepServingProperty().set(true);

    assertThat(Files.readString(entry.file()))
        .contains("Exec=/opt/berth/bin/berth desktop --background\n");
    assertThat(store.load().background()).isEqualTo(new BackgroundSettings(true, true));
    assertThat(model.feedbackProperty().get()).contains("leaves the registry serving");

    model.startAtLoginProperty().set(false);

    assertThat(entry.installed()).isFalse();
    assertThat(store.load().background()).isEqualTo(new BackgroundSettings(true, false));
  }

  @Test
  void afterARestart_theChoicesShowWhatIsSaved_andWhetherTheEntryIsReallyThere() throws Exception {
    model(new SettingsModel(store)).startAtLoginProperty().set(true);
    model(new SettingsModel(store)).keepServingProperty().set(true);

    BackgroundViewModel reopened = model(new SettingsModel(store));
    assertThat(reopened.keepServingProperty().get()).isTrue();
    assertThat(reopened.startAtLoginProperty().get()).isTrue();

    // The person removed the entry in the desktop's own settings: Berth does not pretend.
    Files.delete(entry.file());
    assertThat(model(new SettingsModel(store)).startAtLoginProperty().get()).isFalse();
  }

  @Test
  void anEntryThatCannotBeWritten_isReported_andTheChoiceGoesBack() throws Exception {
    // A file where the autostart folder should be: the entry cannot be created.
    Files.writeString(temp.resolve("autostart"), "not a folder");
    BackgroundViewModel model = model(new SettingsModel(store));

    model.startAtLoginProperty().set(true);

    assertThat(model.startAtLoginProperty().get()).isFalse();
    assertThat(model.feedbackProperty().get()).startsWith("Not changed:");
    assertThat(store.load().background().startAtLogin()).isFalse();
  }

  @Test
  void withoutALoginItemOnThisSystem_startAtLoginIsUnavailable() {
    BackgroundViewModel model =
        new BackgroundViewModel(
            new SettingsModel(store), Optional.empty(), LaunchCommand::ofThisApp);

    assertThat(model.startAtLoginAvailableProperty().get()).isFalse();
    model.startAtLoginProperty().set(true);
    assertThat(model.startAtLoginProperty().get()).isFalse();
    assertThat(model.feedbackProperty().get()).contains("not available on this system");
  }

  @Test
  void olderSettingsFiles_meanClosingTheWindowStopsTheRegistry() throws Exception {
    Files.createDirectories(store.file().getParent());
    Files.writeString(store.file(), "{\"address\":\"localhost:5000\",\"deleteEnabled\":true}");

    assertThat(store.load().background()).isEqualTo(BackgroundSettings.OFF);
  }
}
