package dev.berth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.h2.H2MetadataStore;
import dev.berth.testing.Command;
import dev.berth.testing.Command.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and htpasswd files, checked both ways against Apache's real {@code htpasswd -B}. */
class HtpasswdInteropTest {
  @TempDir Path temp;
  H2MetadataStore store;
  UserService users;
  final BcryptPasswords passwords = new BcryptPasswords(new SecureRandom(), 10);

  @BeforeAll
  static void htpasswdIsInstalled() {
    Command.require("htpasswd", "apache2-utils");
  }

  @BeforeEach
  void open() {
    store =
        H2MetadataStore.open(
            temp.resolve("metadata"), new ObjectMapper(), java.time.Clock.systemUTC());
    users = new UserService(store.users(), passwords, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void fileMadeByHtpasswd_imports_andItsPasswordsVerify() throws Exception {
    Path file = temp.resolve("htpasswd");
    assertThat(htpasswd("-cbB", file.toString(), "alice", "alice pw: with colon").exitCode())
        .isZero();
    assertThat(htpasswd("-bB", "-C", "12", file.toString(), "bob", "bob-pw").exitCode()).isZero();

    UserService.ImportResult r =
        users.importHtpasswd(file, true, List.of(Namespace.parse("team-a/*")));
    assertThat(r.added()).containsExactly("alice", "bob");
    User alice = store.users().find("alice").orElseThrow();
    assertThat(alice.passwordHash())
        .startsWith("$2y$05$")
        .as("htpasswd's default cost is kept as is");
    assertThat(alice.readOnly()).isTrue();
    assertThat(alice.namespaces()).containsExactly(new Namespace("team-a"));
    assertThat(passwords.verify("alice pw: with colon".toCharArray(), alice.passwordHash()))
        .isTrue();
    assertThat(passwords.verify("wrong".toCharArray(), alice.passwordHash())).isFalse();
    assertThat(
            passwords.verify(
                "bob-pw".toCharArray(), store.users().find("bob").orElseThrow().passwordHash()))
        .isTrue();

    // Re-import after a password change updates the hash and keeps access settings.
    assertThat(htpasswd("-bB", file.toString(), "alice", "new-pw").exitCode()).isZero();
    assertThat(users.importHtpasswd(file, false, List.of()).updated()).contains("alice");
    User updated = store.users().find("alice").orElseThrow();
    assertThat(passwords.verify("new-pw".toCharArray(), updated.passwordHash())).isTrue();
    assertThat(updated.readOnly()).isTrue();
  }

  @Test
  void exportedFile_isAcceptedByHtpasswdVerify_andOwnerOnly() throws Exception {
    users.add("alice", "alice-pw".toCharArray(), false, List.of());
    users.add("carol", "carol-pw".toCharArray(), true, List.of());
    users.add("mallory", "mallory-pw".toCharArray(), false, List.of());
    users.setDisabled("mallory", true);
    assertThat(store.users().find("alice").orElseThrow().passwordHash())
        .matches("\\$2y\\$10\\$[./A-Za-z0-9]{53}");

    Path file = temp.resolve("export.htpasswd");
    assertThat(users.exportHtpasswd(file)).containsExactly("alice", "carol");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(htpasswd("-vb", file.toString(), "alice", "alice-pw").exitCode()).isZero();
    assertThat(htpasswd("-vb", file.toString(), "carol", "carol-pw").exitCode()).isZero();
    assertThat(htpasswd("-vb", file.toString(), "alice", "wrong").exitCode()).isNotZero();
    assertThat(Files.readString(file)).doesNotContain("mallory");
  }

  @Test
  void nonBcryptLines_areRefusedWithTheirLineNumber() throws Exception {
    Path file = temp.resolve("md5");
    assertThat(htpasswd("-cbm", file.toString(), "old", "old-pw").exitCode()).isZero();
    assertThatThrownBy(() -> users.importHtpasswd(file, false, List.of()))
        .hasMessageContaining("line 1")
        .hasMessageContaining("not bcrypt")
        .hasMessageNotContaining("$apr1$");
    assertThat(store.users().list()).isEmpty();
  }

  @Test
  void passwordRules() {
    assertThatThrownBy(() -> users.add("x", new char[0], false, List.of()))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> users.add("x", "a".repeat(73).toCharArray(), false, List.of()))
        .hasMessageContaining("72");
    assertThatThrownBy(() -> users.add("bad:name", "pw".toCharArray(), false, List.of()))
        .hasMessageContaining("not a valid user name");
    users.add("alice", "pw".toCharArray(), false, List.of());
    assertThatThrownBy(() -> users.add("alice", "pw".toCharArray(), false, List.of()))
        .isInstanceOf(UserExistsException.class);
    assertThatThrownBy(() -> new BcryptPasswords(new SecureRandom(), 9))
        .hasMessageContaining("between 10");
  }

  private static Result htpasswd(String... args) throws Exception {
    return Command.of("htpasswd", List.of(args)).tryRun();
  }
}
