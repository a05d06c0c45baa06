package dev.berth.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.AuthSettings.Mode;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.EventSettings;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.AuthRegistryClient;
import dev.berth.testing.TestUsers;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller × operation × repository, under Basic and token auth, with and without anonymous
 * pull, against a real engine over HTTP: the exact status the client finally sees, and for refused
 * pushes and deletes, proof that nothing changed.
 *
 * <p>Callers: anonymous, read-only user, read-write user, user limited to {@code team-a/*}, and a
 * read-write user with a wrong password. Operations: pull, push, delete, the catalog, and Berth's
 * admin API ({@code /berth/v1}), which in token mode needs the {@code registry:admin:*} scope.
 * Repositories: {@code team-a/app} (inside the namespace) and {@code team-b/app} (outside it).
 */
class AccessMatrixTest {
  private static final String IN_NS = "team-a/app";
  private static final String OUT_NS = "team-b/app";
  private static final List<BerthEngine> ENGINES = new ArrayList<>();
  private static final AtomicInteger TAGS = new AtomicInteger();

  @TempDir static Path temp;

  enum Caller {
    ANONYMOUS,
    READ_ONLY,
    READ_WRITE,
    NAMESPACED,
    WRONG_PASSWORD
  }

  /**
   * Registry operations, and Berth's admin API: the garbage-collection history, the events feed
   * (the durable outbox is on), deleting a repository.
   */
  enum Operation {
    PULL,
    PUSH,
    DELETE,
    CATALOG,
    ADMIN_GC_RUNS,
    ADMIN_EVENTS,
    ADMIN_DELETE_REPOSITORY
  }

  @AfterAll
  static void stop() {
    ENGINES.forEach(BerthEngine::close);
  }

  @TestFactory
  Stream<DynamicNode> matrix() throws Exception {
    List<DynamicNode> modes = new ArrayList<>();
    for (Mode mode : List.of(Mode.BASIC, Mode.TOKEN)) {
      for (boolean anonymousPull : List.of(false, true)) {
        modes.add(mode(new AuthSettings(mode, anonymousPull)));
      }
    }
    return modes.stream();
  }

  private DynamicContainer mode(AuthSettings auth) throws Exception {
    Path data = temp.resolve(auth.mode().word() + (auth.anonymousPull() ? "-anon" : ""));
    TestUsers users =
        TestUsers.in(data)
            .add("admin", "admin-pw", false)
            .add("reader", "reader-pw", true)
            .add("writer", "writer-pw", false)
            .add("teama", "teama-pw", false, "team-a");
    for (Operation op : Operation.values()) {
      // One victim per operation: each is guessed at once or twice, far below the login throttle.
      users.add(victim(op), "victim-pw", false);
    }
    users.create();
    BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(auth)
                .withEvents(EventSettings.DURABLE_OUTBOX));
    ENGINES.add(engine);
    HttpClient http = HttpClient.newHttpClient();
    AuthRegistryClient admin = new AuthRegistryClient(http, engine.url(), "admin", "admin-pw");
    assertThat(admin.pushImage(IN_NS, "latest").status()).isEqualTo(201);
    assertThat(admin.pushImage(OUT_NS, "latest").status()).isEqualTo(201);

    List<DynamicNode> tests = new ArrayList<>();
    for (Caller caller : Caller.values()) {
      for (Operation op : Operation.values()) {
        AuthRegistryClient client = client(caller, op, http, engine);
        for (String repo :
            op.ordinal() >= Operation.CATALOG.ordinal() ? List.of("") : List.of(IN_NS, OUT_NS)) {
          int expected = expected(caller, op, repo, auth.anonymousPull());
          String name = caller + " " + op + (repo.isEmpty() ? "" : " " + repo) + " -> " + expected;
          tests.add(
              DynamicTest.dynamicTest(
                  name, () -> assertThat(run(op, repo, client, admin)).isEqualTo(expected)));
        }
      }
    }
    return DynamicContainer.dynamicContainer(
        auth.mode().word() + (auth.anonymousPull() ? " + anonymous pull" : ""), tests);
  }

  /** The table itself. */
  static int expected(Caller caller, Operation op, String repo, boolean anonymousPull) {
    switch (caller) {
      case WRONG_PASSWORD:
        return 401; // wrong credentials are never treated as anonymous
      case ANONYMOUS:
        return anonymousPull && (op == Operation.PULL || op == Operation.CATALOG) ? 200 : 401;
      case READ_ONLY:
        return op == Operation.PULL || op == Operation.CATALOG ? 200 : 403;
      case READ_WRITE:
        return success(op); // administration needs a read-write user without namespace limits
      case NAMESPACED:
        if (op == Operation.CATALOG
            || op == Operation.ADMIN_GC_RUNS
            || op == Operation.ADMIN_EVENTS
            || op == Operation.ADMIN_DELETE_REPOSITORY) {
          return 403; // the catalog would reveal other namespaces; administration spans them all
        }
        return repo.equals(IN_NS) ? success(op) : 403;
      default:
        throw new AssertionError(caller);
    }
  }

  private static int success(Operation op) {
    return switch (op) {
      case PULL, CATALOG, ADMIN_GC_RUNS, ADMIN_EVENTS -> 200;
      case PUSH -> 201;
      case DELETE, ADMIN_DELETE_REPOSITORY -> 202;
    };
  }

  private static String victim(Operation op) {
    return "victim-" + op.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static AuthRegistryClient client(
      Caller caller, Operation op, HttpClient http, BerthEngine engine) {
    return switch (caller) {
      case ANONYMOUS -> AuthRegistryClient.anonymous(http, engine.url());
      case READ_ONLY -> new AuthRegistryClient(http, engine.url(), "reader", "reader-pw");
      case READ_WRITE -> new AuthRegistryClient(http, engine.url(), "writer", "writer-pw");
      case NAMESPACED -> new AuthRegistryClient(http, engine.url(), "teama", "teama-pw");
      case WRONG_PASSWORD ->
          new AuthRegistryClient(http, engine.url(), victim(op), "not-the-password");
    };
  }

  /** Performs the operation and returns the final status; checks refused writes left no trace. */
  private static int run(
      Operation op, String repo, AuthRegistryClient client, AuthRegistryClient admin)
      throws Exception {
    switch (op) {
      case PULL:
        return client.get("/v2/" + repo + "/manifests/latest");
      case CATALOG:
        return client.get("/v2/_catalog");
      case ADMIN_GC_RUNS:
        return client.get("/berth/v1/gc/runs");
      case ADMIN_EVENTS:
        return client.get("/berth/v1/events");
      case ADMIN_DELETE_REPOSITORY:
        {
          String scratch = "scratch/app-" + TAGS.incrementAndGet();
          assertThat(admin.pushImage(scratch, "v1").status()).isEqualTo(201);
          int status = client.delete("/berth/v1/repositories/" + scratch);
          int after = admin.get("/v2/" + scratch + "/manifests/v1");
          assertThat(after)
              .as("repository after DELETE answered " + status)
              .isEqualTo(status == 202 ? 404 : 200);
          return status;
        }
      case PUSH:
        {
          String tag = "push-" + TAGS.incrementAndGet();
          int status = client.pushImage(repo, tag).status();
          if (status != 201) {
            assertThat(admin.get("/v2/" + repo + "/manifests/" + tag))
                .as("refused push left no tag")
                .isEqualTo(404);
          }
          return status;
        }
      case DELETE:
        {
          AuthRegistryClient.Pushed victim =
              admin.pushImage(repo, "delete-" + TAGS.incrementAndGet());
          assertThat(victim.status()).isEqualTo(201);
          int status = client.delete("/v2/" + repo + "/manifests/" + victim.manifestDigest());
          int after = admin.get("/v2/" + repo + "/manifests/" + victim.manifestDigest());
          assertThat(after)
              .as("manifest after DELETE answered " + status)
              .isEqualTo(status == 202 ? 404 : 200);
          return status;
        }
      default:
        throw new AssertionError(op);
    }
  }
}
