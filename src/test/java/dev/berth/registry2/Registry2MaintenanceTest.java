package dev.berth.registry2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * registry:2's {@code storage.maintenance} settings, given as its environment variables, change
 * what {@code berth serve} does, checked over HTTP: read-only mode serves pulls and refuses
 * changes; upload purging removes an abandoned upload session.
 */
class Registry2MaintenanceTest {
  @TempDir Path temp;

  @Test
  void readOnly_servesPulls_andRefusesPushesAndDeletes() throws Exception {
    Path root = temp.resolve("registry");
    TestImages.Image image = TestImages.ociImage("amd64", "before read-only " + System.nanoTime());
    Digest digest;
    int port = ServerProcess.freePort();
    try (ServerProcess writable =
        ServerProcess.launchCommand(
            port,
            ServerProcess.berth("serve"),
            environment(port, root, Map.of("REGISTRY_STORAGE_DELETE_ENABLED", "true")))) {
      RegistryClient client = await(writable, port);
      digest = image.push(client, "team/app", "v1");
    }

    port = ServerProcess.freePort();
    try (ServerProcess readOnly =
        ServerProcess.launchCommand(
            port,
            ServerProcess.berth("serve"),
            environment(
                port,
                root,
                Map.of(
                    "REGISTRY_STORAGE_DELETE_ENABLED",
                    "true",
                    "REGISTRY_STORAGE_MAINTENANCE_READONLY_ENABLED",
                    "true")))) {
      RegistryClient client = await(readOnly, port);

      HttpResponse<byte[]> pull =
          client.get("/v2/team/app/manifests/v1", "Accept", image.manifest().mediaType());
      assertThat(pull.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(pull.body())).isEqualTo(digest);
      HttpResponse<byte[]> push =
          client.putManifest(
              "team/app", "v2", image.manifest().mediaType(), image.manifest().bytes());
      assertThat(push.statusCode()).isEqualTo(405);
      assertThat(RegistryClient.errorCode(push)).isEqualTo("UNSUPPORTED");
      assertThat(client.post("/v2/team/other/blobs/uploads/", new byte[0]).statusCode())
          .isEqualTo(405);
      HttpResponse<byte[]> delete = client.delete("/v2/team/app/manifests/" + digest);
      assertThat(delete.statusCode()).isEqualTo(405);
      assertThat(client.get("/v2/team/app/tags/list").body())
          .asString()
          .contains("\"v1\"")
          .doesNotContain("v2");
    }
  }

  @Test
  void uploadPurging_removesAnAbandonedUpload_andKeepsStoredImages() throws Exception {
    Path root = temp.resolve("registry");
    int port = ServerProcess.freePort();
    try (ServerProcess server =
        ServerProcess.launchCommand(
            port,
            ServerProcess.berth("serve"),
            environment(
                port,
                root,
                Map.of(
                    "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_ENABLED",
                    "true",
                    "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_AGE",
                    "1s",
                    "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_INTERVAL",
                    "1s",
                    "REGISTRY_STORAGE_MAINTENANCE_UPLOADPURGING_DRYRUN",
                    "false")))) {
      RegistryClient client = await(server, port);
      TestImages.Image image = TestImages.ociImage("amd64", "kept " + System.nanoTime());
      image.push(client, "team/app", "v1");
      HttpResponse<byte[]> started = client.post("/v2/team/app/blobs/uploads/", new byte[0]);
      assertThat(started.statusCode()).isEqualTo(202);
      String location = started.headers().firstValue("Location").orElseThrow();
      assertThat(
              client
                  .patch(location, new byte[] {1, 2, 3}, "Content-Type", "application/octet-stream")
                  .statusCode())
          .isEqualTo(202);

      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      int status = uploadStatus(client, location);
      while (status == 204 && Instant.now().isBefore(deadline)) {
        Thread.sleep(200); // polling the purge, which runs on its own schedule
        status = uploadStatus(client, location);
      }

      assertThat(status).as("the abandoned upload is purged").isEqualTo(404);
      assertThat(
              client
                  .get("/v2/team/app/manifests/v1", "Accept", image.manifest().mediaType())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  private static int uploadStatus(RegistryClient client, String location) {
    return client.send(HttpRequest.newBuilder(client.resolve(location)).GET().build()).statusCode();
  }

  private static Map<String, String> environment(int port, Path root, Map<String, String> more) {
    Map<String, String> env = new java.util.HashMap<>(more);
    env.put("REGISTRY_HTTP_ADDR", "127.0.0.1:" + port);
    env.put("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", root.toString());
    return env;
  }

  private static RegistryClient await(ServerProcess server, int port) throws InterruptedException {
    RegistryClient client = new RegistryClient(URI.create("http://127.0.0.1:" + port));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!server.process().isAlive()) {
        throw new AssertionError("serve exited: " + server.log());
      }
      try {
        if (client.get("/v2/").statusCode() == 200) {
          return client;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // waiting for start-up
    }
    throw new AssertionError("serve did not answer: " + server.log());
  }
}
