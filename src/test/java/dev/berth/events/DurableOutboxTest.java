package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.EventSettings;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServeWithOutbox;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable outbox, read over the admin API as a webhook sender or an audit collector would:
 * every change is there in order with who made it, pulls are not, paging works, and an event whose
 * change was acknowledged survives a SIGKILL right after the acknowledgement.
 */
class DurableOutboxTest {
  @TempDir Path data;

  @Test
  void everyChangeIsRecordedInOrder_withTheCaller_pullsAreNot_andTheFeedPages() throws Exception {
    try (BerthEngine engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withEvents(EventSettings.DURABLE_OUTBOX))) {
      RegistryClient client = new RegistryClient(engine.url());
      TestImages.Image v1 = TestImages.ociImage("amd64", "outbox one");
      TestImages.Image v2 = TestImages.ociImage("amd64", "outbox two");
      v1.push(client, "team/app", "latest");
      v2.push(client, "team/app", "latest"); // moves the tag
      client.get("/v2/team/app/manifests/latest", "Accept", MediaTypes.OCI_MANIFEST); // a pull
      RegistryClient.requireStatus(client.delete("/v2/team/app/manifests/" + v1.digest()), 202);
      RegistryClient.requireStatus(
          client.post("/berth/v1/gc?graceSeconds=0&deleteUntagged=true", new byte[0]), 200);

      List<JsonNode> events = readAll(client, 0, 3);
      List<String> kinds = events.stream().map(e -> e.path("kind").asText()).toList();
      assertThat(kinds).doesNotContain("ManifestPulled", "BlobPulled");
      assertThat(kinds.stream().filter("ManifestPushed"::equals)).hasSize(2);
      assertThat(kinds.stream().filter("BlobPushed"::equals)).hasSize(4); // 2 configs, 2 layers
      assertThat(kinds.subList(kinds.size() - 2, kinds.size()))
          .containsExactly("ManifestDeleted", "GarbageCollected");
      assertThat(events.stream().map(e -> e.path("id").asLong()))
          .as("ids rise")
          .isSorted()
          .doesNotHaveDuplicates();

      JsonNode moved =
          events.stream()
              .filter(e -> e.path("kind").asText().equals("ManifestPushed"))
              .reduce((first, second) -> second)
              .orElseThrow()
              .path("event");
      assertThat(moved.path("repository").asText()).isEqualTo("team/app");
      assertThat(moved.path("digest").asText()).isEqualTo(v2.digest().toString());
      assertThat(moved.path("tag").asText()).isEqualTo("latest");
      assertThat(moved.path("previous").asText()).isEqualTo(v1.digest().toString());
      assertThat(moved.path("caller").path("address").asText()).isEqualTo("127.0.0.1");

      HttpResponse<byte[]> bad = client.get("/berth/v1/events?limit=0");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(RegistryClient.errorCode(bad)).isEqualTo("UNSUPPORTED");
    }
  }

  @Test
  void withoutTheOutbox_theFeedSaysSo() throws Exception {
    try (BerthEngine engine =
        BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data))) {
      HttpResponse<byte[]> feed = new RegistryClient(engine.url()).get("/berth/v1/events");
      assertThat(feed.statusCode()).isEqualTo(404);
      assertThat(RegistryClient.errorCode(feed)).isEqualTo("UNSUPPORTED");
      assertThat(new String(feed.body())).contains("no event outbox");
    }
  }

  @Test
  void anAcknowledgedChangesEventSurvivesAKillRightAfterTheAcknowledgement() throws Exception {
    int port = ServerProcess.freePort();
    Set<String> acknowledged = new HashSet<>();
    TestImages.Blob config =
        new TestImages.Blob(
            TestImages.OCI_CONFIG, TestImages.json(Map.of("architecture", "amd64", "os", "linux")));
    for (int kill = 0; kill < 3; kill++) {
      try (ServerProcess server = ServeWithOutbox.launch(port, data)) {
        RegistryClient client = server.client();
        client.pushBlob("crash/app", config.bytes());
        for (int i = 0; i < 20; i++) {
          byte[] manifest = TestImages.numberedManifest(config, kill + "-" + i);
          Digest digest =
              client.pushManifest(
                  "crash/app", "t" + kill + "-" + i, MediaTypes.OCI_MANIFEST, manifest);
          acknowledged.add("ManifestPushed " + digest);
          if (i % 4 == 3) {
            RegistryClient.requireStatus(client.delete("/v2/crash/app/manifests/" + digest), 202);
            acknowledged.add("ManifestDeleted " + digest);
          }
        }
        server.kill(); // right after the last acknowledgement
      }
    }
    try (ServerProcess server = ServeWithOutbox.launch(port, data)) {
      Set<String> recorded = new HashSet<>();
      for (JsonNode e : readAll(server.client(), 0, 1_000)) {
        recorded.add(e.path("kind").asText() + " " + e.path("event").path("digest").asText());
      }
      assertThat(recorded).as("every acknowledged change has its event").containsAll(acknowledged);
      server.kill();
    }
  }

  /** The whole feed, {@code pageSize} at a time, following {@code last}. */
  private static List<JsonNode> readAll(RegistryClient client, long after, int pageSize) {
    List<JsonNode> all = new ArrayList<>();
    long position = after;
    while (true) {
      HttpResponse<byte[]> page =
          client.get("/berth/v1/events?after=" + position + "&limit=" + pageSize);
      RegistryClient.requireStatus(page, 200);
      JsonNode body = RegistryClient.json(page);
      body.path("events").forEach(all::add);
      if (body.path("events").size() < pageSize) {
        return all;
      }
      position = body.path("last").asLong();
    }
  }
}
