package dev.berth.registry2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.Command;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TeamCertificate;
import dev.berth.testing.TestImages;
import dev.berth.testing.TlsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth serve} set up as the common registry:2 guides set up registry:2: only the
 * environment variables of the compose example, or the same settings in a config.yml. Checked from
 * outside: the certificate served is the one named, Basic authentication uses the named htpasswd
 * file (and notices edits), deletion is on.
 */
class Registry2ServeTest {
  private static final String REALM = "Registry Realm";

  @TempDir Path temp;
  private TeamCertificate certificate;
  private Path htpasswd;
  private HttpClient https;

  @BeforeAll
  static void htpasswdIsInstalled() {
    Command.require("htpasswd", "apache2-utils");
  }

  @BeforeEach
  void filesAsTheGuidesMakeThem() throws Exception {
    certificate = TeamCertificate.issue(temp, "domain", "127.0.0.1");
    htpasswd = temp.resolve("auth/htpasswd");
    Files.createDirectories(htpasswd.getParent());
    Command.of("htpasswd", "-Bbc", htpasswd.toString(), "alice", "alice-pw").run();
    https =
        HttpClient.newBuilder()
            .sslContext(TlsClients.trustingOnly(certificate.root()))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Test
  void composeExampleEnvironment_alone_servesTlsBasicAuthAndDeletion() throws Exception {
    int port = ServerProcess.freePort();
    Path root = temp.resolve("var-lib-registry");
    Map<String, String> env = composeEnvironment(port, root);
    try (ServerProcess server =
        ServerProcess.launchCommand(port, ServerProcess.berth("serve"), env)) {
      RegistryClient anonymous = awaitTls(server, port);

      HttpResponse<byte[]> ping = anonymous.get("/v2/");
      assertThat(ping.statusCode()).isEqualTo(401);
      assertThat(ping.headers().firstValue("WWW-Authenticate"))
          .contains("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
      X509Certificate served =
          (X509Certificate) ping.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(served).isEqualTo(certificate.leaf());

      RegistryClient alice = anonymous.withBasicAuth("alice", "alice-pw");
      assertThat(alice.get("/v2/").statusCode()).isEqualTo(200);
      assertThat(anonymous.withBasicAuth("alice", "wrong").get("/v2/").statusCode()).isEqualTo(401);
      pushAndDelete(alice);
      assertThat(root.resolve("metadata")).isDirectory();
      assertThat(server.log()).doesNotContain("registry:2 settings Berth does not use");

      // The file is watched: a user added with htpasswd can log in, a removed one cannot.
      RegistryClient bob = anonymous.withBasicAuth("bob", "bob-pw");
      assertThat(bob.get("/v2/").statusCode()).isEqualTo(401);
      Command.of("htpasswd", "-Bb", htpasswd.toString(), "bob", "bob-pw").run();
      awaitTrue(() -> bob.get("/v2/").statusCode() == 200, "bob's new line is read");
      Command.of("htpasswd", "-D", htpasswd.toString(), "alice").run();
      awaitTrue(() -> alice.get("/v2/").statusCode() == 401, "alice's removal is read");
    }
  }

  @Test
  void sameSettingsInConfigYml_andTheEnvironmentOverridesTheFile_andUnusedKeysAreOneWarningLine()
      throws Exception {
    int port = ServerProcess.freePort();
    Path root = temp.resolve("data");
    Path config =
        Files.writeString(
            temp.resolve("config.yml"),
            """
        version: 0.1
        log:
          level: info
          fields:
            service: registry
        storage:
          cache:
            blobdescriptor: inmemory
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:1
          headers:
            X-Content-Type-Options: [nosniff]
          tls:
            certificate: %s
            key: %s
        auth:
          htpasswd:
            realm: %s
            path: %s
        health:
          storagedriver:
            enabled: true
            interval: 10s
            threshold: 3
        proxy:
          remoteurl: https://registry-1.docker.io
          username: mirror-user
          password: proxy-secret-value
        notifications:
          endpoints:
            - name: alistener
              url: https://hooks.example.com/event
        """
                .formatted(root, certificate.chain(), certificate.key(), REALM, htpasswd));
    Map<String, String> env = Map.of("REGISTRY_HTTP_ADDR", "127.0.0.1:" + port);
    try (ServerProcess server =
        ServerProcess.launchCommand(
            port, ServerProcess.berth("serve", "--config", config.toString()), env)) {
      RegistryClient anonymous = awaitTls(server, port);
      HttpResponse<byte[]> ping = anonymous.get("/v2/");
      assertThat(ping.headers().firstValue("WWW-Authenticate"))
          .contains("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
      assertThat(ping.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(((X509Certificate) ping.sslSession().orElseThrow().getPeerCertificates()[0]))
          .isEqualTo(certificate.leaf());
      RegistryClient alice = anonymous.withBasicAuth("alice", "alice-pw");
      pushAndDelete(alice);

      List<String> warnings =
          server
              .log()
              .lines()
              .filter(l -> l.contains("registry:2 settings Berth does not use"))
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0))
          .contains(
              "WARN",
              "ignored: ",
              "storage.cache",
              "health",
              "log.fields",
              "not supported yet: ",
              "notifications.endpoints")
          .doesNotContain("proxy.");
      // registry:2's one upstream is the default mirror, beside pushes.
      assertThat(server.log())
          .contains("Pull-through cache: hub/ → https://registry-1.docker.io (default mirror)");
      assertThat(server.log()).doesNotContain("proxy-secret-value").doesNotContain("$2y$");
    }
  }

  @Test
  void anUnsupportedAuthKind_stopsStartUp_inPlainWords() throws Exception {
    Path config =
        Files.writeString(
            temp.resolve("config.yml"),
            """
        version: 0.1
        auth:
          silly:
            realm: silly-realm
            service: silly-service
        storage:
          filesystem:
            rootdirectory: %s
        """
                .formatted(temp.resolve("data")));
    try (ServerProcess server = ServerProcess.launch(0, "serve", "--config", config.toString())) {
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(server.log())
          .contains("berth serve: auth.silly is registry:2's development stub")
          .doesNotContain("\tat ")
          .doesNotContain("listening");
    }
    try (ServerProcess server =
        ServerProcess.launchCommand(
            0,
            ServerProcess.berth("serve"),
            Map.of(
                "REGISTRY_AUTH",
                "ldap",
                "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY",
                temp.resolve("data").toString()))) {
      assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(server.log())
          .contains("auth.ldap is not an authentication Berth supports")
          .doesNotContain("\tat ");
    }
  }

  private Map<String, String> composeEnvironment(int port, Path root) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REGISTRY_HTTP_ADDR", "127.0.0.1:" + port);
    env.put("REGISTRY_HTTP_TLS_CERTIFICATE", certificate.chain().toString());
    env.put("REGISTRY_HTTP_TLS_KEY", certificate.key().toString());
    env.put("REGISTRY_AUTH", "htpasswd");
    env.put("REGISTRY_AUTH_HTPASSWD_REALM", REALM);
    env.put("REGISTRY_AUTH_HTPASSWD_PATH", htpasswd.toString());
    env.put("REGISTRY_STORAGE_DELETE_ENABLED", "true");
    env.put("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", root.toString());
    return env;
  }

  private static void pushAndDelete(RegistryClient client) {
    TestImages.Image image =
        TestImages.ociImage("amd64", "pushed to a registry:2 set-up " + System.nanoTime());
    Digest digest = image.push(client, "team/app", "v1");
    assertThat(
            client
                .get("/v2/team/app/manifests/v1", "Accept", image.manifest().mediaType())
                .statusCode())
        .isEqualTo(200);
    assertThat(client.delete("/v2/team/app/manifests/" + digest).statusCode()).isEqualTo(202);
    assertThat(
            client
                .get("/v2/team/app/manifests/" + digest, "Accept", image.manifest().mediaType())
                .statusCode())
        .isEqualTo(404);
  }

  /** Waits until the HTTPS listener answers /v2/ (401: authentication is on). */
  private RegistryClient awaitTls(ServerProcess server, int port) {
    RegistryClient client = new RegistryClient(URI.create("https://127.0.0.1:" + port), https);
    awaitTrue(
        () -> {
          if (!server.process().isAlive()) {
            throw new AssertionError("serve exited: " + server.log());
          }
          try {
            return client.get("/v2/").statusCode() == 401;
          } catch (RuntimeException notYet) {
            return false;
          }
        },
        "serve answers over TLS: " + server.log());
    return client;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
