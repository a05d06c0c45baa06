package dev.berth.desktop.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.desktop.server.EngineHost;
import dev.berth.desktop.server.RunningRegistry;
import dev.berth.engine.EngineStorage;
import dev.berth.json.Json;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.UserService;
import dev.berth.users.UserStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The users of a data folder, whether or not the registry runs on it: through the running engine's
 * database when it does, otherwise by opening the folder the way {@code berth user} does (taking
 * its lock, so a Berth elsewhere on the same folder is reported, not corrupted). This is what lets
 * the app add the first administrator when authentication kept the registry from starting. Call off
 * the FX thread.
 */
public final class UserAccounts {
  private final EngineHost host;
  private final BcryptPasswords passwords = new BcryptPasswords();
  private final ObjectMapper json = Json.mapper();

  public UserAccounts(EngineHost host) {
    this.host = host;
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(UserService users) throws Exception;
  }

  public <T> T withUsers(Path dataDirectory, Work<T> work) throws Exception {
    Path folder = dataDirectory.toAbsolutePath().normalize();
    Optional<RunningRegistry> running = host.running();
    if (running.isPresent() && running.get().dataDirectory().equals(folder)) {
      return work.run(service(running.get().users()));
    }
    try (EngineStorage storage = EngineStorage.open(folder, json, Clock.systemUTC())) {
      return work.run(service(storage.metadata().users()));
    }
  }

  /**
   * Whether an enabled administrator exists ({@link dev.berth.users.User#administrator}): with
   * authentication on, someone must be able to push everywhere and collect garbage.
   */
  public boolean anyAdministrator(Path dataDirectory) throws Exception {
    return withUsers(
        dataDirectory,
        users -> users.list().stream().anyMatch(u -> !u.disabled() && u.administrator()));
  }

  /** Whether anyone can log in to the data folder's registry. */
  public boolean anyEnabled(Path dataDirectory) throws Exception {
    return withUsers(dataDirectory, users -> users.list().stream().anyMatch(u -> !u.disabled()));
  }

  private UserService service(UserStore store) {
    return new UserService(store, passwords, Clock.systemUTC());
  }
}
