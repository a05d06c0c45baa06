package dev.berth.desktop;

import dev.berth.desktop.browser.BrowserSelection;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.EngineHost;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.ImageFixtures;
import dev.berth.testing.TestRegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * View models wired like {@link DesktopContext} does, but with both executors running work on the
 * calling thread: no FX toolkit, and every action has finished when its method returns.
 */
public final class ViewModelHarness implements AutoCloseable {
  public final UserMessages messages = new UserMessages();
  public final BackgroundTasks tasks = new BackgroundTasks(Runnable::run, Runnable::run, messages);
  public final SettingsModel settings;
  public final EngineHost host = new EngineHost(BerthEngine::start);
  public final ServerViewModel server;
  public final BrowserSelection selection = new BrowserSelection();
  public final List<String> clipboard = new ArrayList<>();
  public final List<String> confirmations = new ArrayList<>();
  public boolean confirmAnswer = true;

  /** Settings in {@code root/config}, data in {@code root/data}, listening on a free loopback port. */
  public ViewModelHarness(Path root) throws IOException {
    SettingsStore store = new SettingsStore(root.resolve("config"));
    store.save(new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1000, 700));
    settings = new SettingsModel(store);
    server = new ServerViewModel(host, settings, tasks);
  }

  public boolean confirm(String title, String message, String action) {
    confirmations.add(action);
    return confirmAnswer;
  }

  /** Pushes through the HTTP API of the running registry. */
  public ImageFixtures images() {
    return new ImageFixtures(new TestRegistryClient(server.registryProperty().get().engine().url()));
  }

  @Override
  public void close() {
    host.close();
  }
}
