package dev.berth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.h2.H2MetadataStore;
import dev.berth.users.BcryptPasswords;
import dev.berth.users.Namespace;
import dev.berth.users.UserService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/** Creates users in a data folder before an engine starts on it (auth modes need one). */
public final class TestUsers {
  private final Path data;
  private final List<Spec> specs = new java.util.ArrayList<>();

  private TestUsers(Path data) {
    this.data = data;
  }

  public static TestUsers in(Path data) {
    return new TestUsers(data);
  }

  private record Spec(String name, String password, boolean readOnly, List<Namespace> namespaces) {}

  public TestUsers add(String name, String password, boolean readOnly, String... namespaces) {
    specs.add(
        new Spec(
            name,
            password,
            readOnly,
            java.util.Arrays.stream(namespaces).map(Namespace::parse).toList()));
    return this;
  }

  public void create() {
    try (H2MetadataStore store =
        H2MetadataStore.open(
            data.resolve("metadata"), new ObjectMapper(), java.time.Clock.systemUTC())) {
      UserService users =
          new UserService(
              store.users(), new BcryptPasswords(new SecureRandom(), 10), Clock.systemUTC());
      for (Spec s : specs) {
        users.add(s.name(), s.password().toCharArray(), s.readOnly(), s.namespaces());
      }
    }
  }
}
