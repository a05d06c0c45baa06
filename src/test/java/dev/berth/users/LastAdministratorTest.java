package dev.berth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.h2.H2MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever manages users (the app, {@code berth user}) cannot leave people who can log in without an
 * enabled administrator: removing, disabling or limiting the last one is refused in words, and
 * nothing changes.
 */
class LastAdministratorTest {
  @TempDir Path folder;
  private H2MetadataStore store;
  private UserService users;

  @BeforeEach
  void open() {
    store = H2MetadataStore.open(folder, new ObjectMapper(), Clock.systemUTC());
    users = new UserService(store.users(), new BcryptPasswords(), Clock.systemUTC());
    users.add("admin", "first-secret".toCharArray(), false, List.of());
    users.add("reader", "second-secret".toCharArray(), true, List.of());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theLastAdministratorCannotBeRemovedDisabledOrLimited_whileOthersCanLogIn() {
    assertThatThrownBy(() -> users.remove("admin"))
        .isInstanceOf(LastAdministratorException.class)
        .hasMessageContaining("admin is the last enabled administrator");
    assertThatThrownBy(() -> users.setDisabled("admin", true))
        .isInstanceOf(LastAdministratorException.class);
    assertThatThrownBy(() -> users.setAccess("admin", true, List.of()))
        .isInstanceOf(LastAdministratorException.class);
    assertThatThrownBy(() -> users.setAccess("admin", false, List.of(Namespace.parse("team"))))
        .isInstanceOf(LastAdministratorException.class);

    User admin = store.users().find("admin").orElseThrow();
    assertThat(admin.administrator()).isTrue();
    assertThat(admin.disabled()).isFalse();
  }

  @Test
  void withAnotherAdministrator_orNobodyElse_theChangesAreAllowed() {
    users.setAccess("reader", false, List.of());
    users.setDisabled("admin", true);
    users.setDisabled("admin", false);
    users.remove("admin");
    assertThat(store.users().find("admin")).isEmpty();

    users.remove("reader"); // the last user of all: nobody is left who could log in
    assertThat(store.users().list()).isEmpty();
  }

  @Test
  void twoAdministratorsRemovingEachOtherAtOnce_leaveOne() throws Exception {
    // Two services over the one store, as the app's and an admin request's would be.
    UserService other = new UserService(store.users(), new BcryptPasswords(), Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 30; round++) {
        users.add("second", "fourth-secret".toCharArray(), false, List.of());
        CountDownLatch start = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> removeRefusingLast(start, users, "second"));
        Future<?> second = pool.submit(() -> removeRefusingLast(start, other, "admin"));
        start.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);

        List<User> administrators =
            store.users().list().stream().filter(u -> !u.disabled() && u.administrator()).toList();
        assertThat(administrators).as("round " + round).hasSize(1);
        if (administrators.get(0).name().equals("second")) { // admin was removed: put it back
          users.add("admin", "first-secret".toCharArray(), false, List.of());
          users.remove("second");
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Void removeRefusingLast(CountDownLatch start, UserService service, String name)
      throws InterruptedException {
    start.await();
    try {
      service.remove(name);
    } catch (LastAdministratorException refused) {
      // the other removal came first
    }
    return null;
  }

  @Test
  void aDisabledAdministratorDoesNotCount() {
    users.add("spare", "third-secret".toCharArray(), false, List.of());
    users.setDisabled("spare", true);
    assertThatThrownBy(() -> users.remove("admin")).isInstanceOf(LastAdministratorException.class);
  }
}
