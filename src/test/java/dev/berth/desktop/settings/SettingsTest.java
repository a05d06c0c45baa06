package dev.berth.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.server.ServerState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path root;

  @Test
  void store_roundTripsTheSettings() throws Exception {
    SettingsStore store = new SettingsStore(root);
    DesktopSettings saved = new DesktopSettings("0.0.0.0:5050", "/srv/berth", false, 1300, 900);

    store.save(saved);

    assertThat(new SettingsStore(root).load()).isEqualTo(saved);
  }

  @Test
  void store_withoutAFile_givesDefaults() {
    assertThat(new SettingsStore(root).load()).isEqualTo(DesktopSettings.defaults());
    assertThat(DesktopSettings.defaults().address()).isEqualTo("localhost:5000");
  }

  @Test
  void store_withABrokenFile_givesDefaultsInsteadOfFailing() throws Exception {
    Files.writeString(root.resolve("settings.json"), "{not json");

    assertThat(new SettingsStore(root).load()).isEqualTo(DesktopSettings.defaults());
  }

  @Test
  void defaultFolder_honoursTheSystemProperty() {
    String before = System.getProperty(SettingsStore.CONFIG_DIR_PROPERTY);
    System.setProperty(SettingsStore.CONFIG_DIR_PROPERTY, root.toString());
    try {
      assertThat(SettingsStore.atDefaultLocation().file()).isEqualTo(root.resolve("settings.json"));
    } finally {
      if (before == null) {
        System.clearProperty(SettingsStore.CONFIG_DIR_PROPERTY);
      } else {
        System.setProperty(SettingsStore.CONFIG_DIR_PROPERTY, before);
      }
    }
  }

  @Test
  void viewModel_rejectsAnAddressWithoutPort() throws Exception {
    try (ViewModelHarness harness = new ViewModelHarness(root)) {
      SettingsViewModel model =
          new SettingsViewModel(
              harness.settings,
              harness.server,
              harness.tasks,
              harness.accounts,
              harness.firstAdministrator);
      model.addressProperty().set("localhost");

      assertThat(model.saveAndRestart()).isFalse();

      assertThat(model.feedbackProperty().get()).contains("HOST:PORT");
      assertThat(harness.settings.store().load().address()).isEqualTo("127.0.0.1:0");
    }
  }

  @Test
  void viewModel_savesAndRestartsWithTheNewSettings() throws Exception {
    try (ViewModelHarness harness = new ViewModelHarness(root)) {
      harness.server.start();
      SettingsViewModel model =
          new SettingsViewModel(
              harness.settings,
              harness.server,
              harness.tasks,
              harness.accounts,
              harness.firstAdministrator);
      model.deleteEnabledProperty().set(false);
      model.dataDirectoryProperty().set(root.resolve("other-data").toString());

      assertThat(model.saveAndRestart()).isTrue();

      assertThat(harness.settings.store().load().deleteEnabled()).isFalse();
      assertThat(harness.server.stateProperty().get()).isEqualTo(ServerState.RUNNING);
      assertThat(harness.server.registryProperty().get().engine().config().dataDirectory())
          .isEqualTo(root.resolve("other-data"));
      assertThat(harness.server.registryProperty().get().deletion().enabled()).isFalse();
    }
  }

  @Test
  void
      portCheck_letsTheRunningRegistryMoveToAnotherHostOnItsOwnPort_butRefusesAPortAnotherProgramHolds()
          throws Exception {
    try (java.net.ServerSocket ours =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        java.net.ServerSocket theirs =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String running = "localhost:" + ours.getLocalPort();

      // localhost:5000 -> 0.0.0.0:5000 is the LAN setting: the port is the registry's own.
      assertThat(
              SettingsViewModel.portProblem(
                  dev.berth.engine.ListenAddress.parse("0.0.0.0:" + ours.getLocalPort()), running))
          .isNull();
      assertThat(
              SettingsViewModel.portProblem(
                  dev.berth.engine.ListenAddress.parse("127.0.0.1:" + theirs.getLocalPort()),
                  running))
          .contains("already in use by another program");
    }
  }
}
