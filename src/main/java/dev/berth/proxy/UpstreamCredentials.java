package dev.berth.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream logins per rule prefix, in {@code <data>/proxy-credentials.json}, owner-only and apart
 * from the rules so that the rules can be shown, copied and logged. Read on every use (the file is
 * tiny), so a {@code berth proxy login} takes effect in a running {@code serve}.
 */
public final class UpstreamCredentials {
  public static final String FILE_NAME = "proxy-credentials.json";

  /** A login; its {@link #toString} never shows the password. */
  public record Login(String username, String password) {
    public Login {
      if (username == null || username.isBlank() || password == null || password.isEmpty()) {
        throw new IllegalArgumentException("an upstream login needs a user name and a password");
      }
    }

    @Override
    public String toString() {
      return "Login[" + username + ", password hidden]";
    }
  }

  private final PrivateJsonFile file;

  public UpstreamCredentials(Path dataDirectory, ObjectMapper json) {
    this.file = new PrivateJsonFile(dataDirectory.resolve(FILE_NAME), json);
  }

  public Optional<Login> forPrefix(String prefix) {
    try {
      return Optional.ofNullable(readAll().get(prefix));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the upstream logins in " + file.path() + ": " + e.getMessage(), e);
    }
  }

  public synchronized void save(String prefix, Login login) throws IOException {
    Map<String, Login> all = readAll();
    all.put(prefix, login);
    writeAll(all);
  }

  public synchronized boolean remove(String prefix) throws IOException {
    Map<String, Login> all = readAll();
    boolean removed = all.remove(prefix) != null;
    if (removed) {
      writeAll(all);
    }
    return removed;
  }

  private Map<String, Login> readAll() throws IOException {
    Map<String, Login> all = new LinkedHashMap<>();
    Optional<JsonNode> root = file.read();
    if (root.isPresent()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        all.put(
            e.getKey(),
            new Login(
                e.getValue().path("username").asText(), e.getValue().path("password").asText()));
      }
    }
    return all;
  }

  private void writeAll(Map<String, Login> all) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    all.forEach(
        (prefix, login) ->
            root.put(prefix, Map.of("username", login.username(), "password", login.password())));
    file.write(root);
  }
}
