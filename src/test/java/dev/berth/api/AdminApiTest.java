package dev.berth.api;

import static dev.berth.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint of the admin API ({@code /berth/v1}) against one real engine holding real data: an
 * image, a loose blob, recorded collections. The runs endpoint once answered 500 as soon as a run
 * was recorded (an {@code Instant} the engine's JSON could not write).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {
  @TempDir static Path data;
  private static BerthEngine engine;
  private static RegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data).withDeleteEnabled(true));
    client = new RegistryClient(engine.url());
    TestImages.ociImage("amd64", "admin api").push(client, "team/app", "v1");
    client.pushBlob("team/app", "loose".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  @Order(1)
  void gcRuns_beforeAnyCollection_isAnEmptyList() {
    HttpResponse<byte[]> runs = client.get("/berth/v1/gc/runs");
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(runs).path("runs").size()).isZero();
  }

  @Test
  @Order(2)
  void gc_streamsProgressAndAReport_andTheRunIsListedWithItsTimes() {
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<byte[]> gc = client.post("/berth/v1/gc?dryRun=true&graceSeconds=0", new byte[0]);
    assertThat(gc.statusCode()).isEqualTo(200);
    assertThat(gc.headers().firstValue("Content-Type")).hasValue(AdminEndpoints.NDJSON);
    List<String> lines = new String(gc.body(), StandardCharsets.UTF_8).lines().toList();
    JsonNode report = parse(lines.get(lines.size() - 1));
    assertThat(report.path("event").asText()).isEqualTo("report");
    assertThat(report.path("outcome").asText()).isEqualTo("dry-run");
    assertThat(report.path("blobsDeleted").asLong()).isEqualTo(1);
    assertThat(report.path("bytesFreed").asLong()).isEqualTo(5);

    HttpResponse<byte[]> runs = client.get("/berth/v1/gc/runs");
    assertThat(runs.statusCode())
        .as(new String(runs.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    JsonNode run = json(runs).path("runs").path(0);
    assertThat(run.path("dryRun").asBoolean()).isTrue();
    assertThat(run.path("blobsDeleted").asLong()).isEqualTo(1);
    assertThat(Instant.parse(run.path("startedAt").asText())).isAfter(before);
    assertThat(Instant.parse(run.path("finishedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(run.path("startedAt").asText()));
  }

  @Test
  @Order(3)
  void deleteRepository_removesIt_andAnUnknownOneIsASpecError() {
    assertThat(client.delete("/berth/v1/repositories/team/app").statusCode()).isEqualTo(202);
    assertThat(client.get("/v2/team/app/manifests/v1").statusCode()).isEqualTo(404);

    HttpResponse<byte[]> unknown = client.delete("/berth/v1/repositories/team/nothing");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("errors").path(0).path("code").asText())
        .isEqualTo("NAME_UNKNOWN");
  }

  @Test
  @Order(4)
  void gc_afterTheDelete_freesTheImage_andBothRunsAreListedNewestFirst() {
    HttpResponse<byte[]> gc = client.post("/berth/v1/gc?graceSeconds=0", new byte[0]);
    assertThat(gc.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> runs = client.get("/berth/v1/gc/runs");
    assertThat(runs.statusCode()).isEqualTo(200);
    JsonNode list = json(runs).path("runs");
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.path(0).path("dryRun").asBoolean()).isFalse();
    assertThat(list.path(0).path("outcome").asText()).isEqualTo("completed");
    assertThat(list.path(0).path("blobsDeleted").asLong()).isGreaterThanOrEqualTo(3);
  }

  private static JsonNode parse(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
