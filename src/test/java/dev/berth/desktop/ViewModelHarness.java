package dev.berth.desktop;

import dev.berth.desktop.browser.BrowserSelection;
import dev.berth.desktop.fx.AccountPrompt;
import dev.berth.desktop.fx.BackgroundTasks;
import dev.berth.desktop.fx.FilePicker;
import dev.berth.desktop.fx.UserMessages;
import dev.berth.desktop.server.EngineHost;
import dev.berth.desktop.server.ServerViewModel;
import dev.berth.desktop.services.UserAccounts;
import dev.berth.desktop.settings.DesktopSettings;
import dev.berth.desktop.settings.SettingsModel;
import dev.berth.desktop.settings.SettingsStore;
import dev.berth.desktop.users.FirstAdministrator;
import dev.berth.engine.BerthEngine;
import dev.berth.testing.RegistryClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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

  /** What the account dialog answers, in turn; empty means the person cancels. */
  public final Deque<AccountPrompt.Answer> accountAnswers = new ArrayDeque<>();

  public final List<String> accountQuestions = new ArrayList<>();

  /** What the file choosers answer; null means the person cancels. */
  public Path fileToOpen;

  /** Answers for several "open" choosers in a row, taken before {@link #fileToOpen}. */
  public final Deque<Path> filesToOpen = new ArrayDeque<>();

  public Path fileToSave;
  public final UserAccounts accounts = new UserAccounts(host);
  public final FirstAdministrator firstAdministrator;

  /**
   * Settings in {@code root/config}, data in {@code root/data}, listening on a free loopback port.
   */
  public ViewModelHarness(Path root) throws IOException {
    SettingsStore store = new SettingsStore(root.resolve("config"));
    store.save(
        new DesktopSettings("127.0.0.1:0", root.resolve("data").toString(), true, 1000, 700));
    settings = new SettingsModel(store);
    server = new ServerViewModel(host, settings, tasks);
    firstAdministrator = new FirstAdministrator(accounts, this::ask, tasks, messages);
  }

  public Optional<AccountPrompt.Answer> ask(String title, String message, String fixedName) {
    accountQuestions.add(message);
    return Optional.ofNullable(accountAnswers.poll());
  }

  public static AccountPrompt.Answer answer(String name, String password, String repeated) {
    return new AccountPrompt.Answer(name, password.toCharArray(), repeated.toCharArray());
  }

  public FilePicker files() {
    return filePicker(
        () -> filesToOpen.isEmpty() ? fileToOpen : filesToOpen.poll(), () -> fileToSave);
  }

  /** File choosers that answer what the test set at the time they are asked; null means cancel. */
  public static FilePicker filePicker(Supplier<Path> toOpen, Supplier<Path> toSave) {
    return new FilePicker() {
      @Override
      public Optional<Path> open(String title) {
        return Optional.ofNullable(toOpen.get());
      }

      @Override
      public Optional<Path> save(String title, String suggestedName) {
        return Optional.ofNullable(toSave.get());
      }
    };
  }

  public boolean confirm(String title, String message, String action) {
    confirmations.add(action);
    return confirmAnswer;
  }

  /** The running engine. */
  public BerthEngine engine() {
    return server.registryProperty().get().engine();
  }

  /** host:port as the running registry tells people to pull from it. */
  public String pullHost() {
    return server.registryProperty().get().pullHost();
  }

  /** Pushes through the HTTP API of the running registry. */
  public RegistryClient client() {
    return new RegistryClient(engine().url());
  }

  @Override
  public void close() {
    host.close();
  }
}
