package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import dev.berth.testing.SmallFileSystem;
import dev.berth.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry on a real 64 MiB file system that fills up: pushes are refused in words before the
 * disk is full, nothing refused is answered 201, nothing stored is damaged, deletes and garbage
 * collection still work, and the registry carries on by itself once there is room again, even after
 * another program took the very last byte and the database could not write.
 */
class DiskFullTest {
  private static final int LAYER_BYTES = 1 << 20;

  private static SmallFileSystem disk;

  @BeforeAll
  static void mount() throws Exception {
    disk = SmallFileSystem.provide();
  }

  @AfterAll
  static void unmount() throws Exception {
    disk.close();
  }

  private record Pushed(String tag, TestImages.Image image) {}

  @Test
  void aFullDiskRefusesPushesInWords_keepsWhatItHas_andRecoversWhenSpaceIsFreed() throws Exception {
    Path data = disk.freshFolder("data");
    int port = ServerProcess.freePort();
    List<Pushed> pushed = new ArrayList<>();
    try (ServerProcess server = ServerProcess.serve(port, data)) {
      RegistryClient client = server.client();
      Random random = new Random(7);

      // Fill the disk with pushes until the registry refuses.
      HttpResponse<byte[]> refusal = null;
      for (int i = 0; i < 200 && refusal == null; i++) {
        TestImages.Image image = bigImage(random, i);
        refusal = push(client, "full/app", "v" + i, image);
        if (refusal == null) {
          pushed.add(new Pushed("v" + i, image));
        }
      }
      assertThat(refusal).as("the disk filled up").isNotNull();
      assertThat(refusal.statusCode()).isEqualTo(507);
      assertThat(RegistryClient.errorCode(refusal)).isEqualTo("UNAVAILABLE");
      assertThat(new String(refusal.body()))
          .contains("disk is full")
          .doesNotContain(data.toString());
      assertThat(pushed).hasSizeGreaterThan(10);

      // More pushes: refused, never "201" for something not stored.
      for (int i = 0; i < 5; i++) {
        HttpResponse<byte[]> again =
            push(client, "full/app", "late" + i, bigImage(random, 1000 + i));
        assertThat(again).as("push %d after the disk filled up", i).isNotNull();
        assertThat(again.statusCode()).isEqualTo(507);
      }
      assertThat(client.get("/v2/full/app/manifests/late0").statusCode()).isEqualTo(404);
      assertEverythingPushedIsWhole(client, pushed);
      assertThat(client.get("/v2/_catalog").statusCode()).isEqualTo(200);

      // Another program takes the last byte: deletes may now fail for want of space, but the
      // registry must come back by itself once the space is freed.
      Path filler = disk.fillCompletely();
      List<Pushed> deleted = new ArrayList<>();
      List<Integer> deleteAnswers = new ArrayList<>();
      for (Pushed p : pushed.subList(0, pushed.size() / 2)) {
        HttpResponse<byte[]> delete = client.delete("/v2/full/app/manifests/" + p.image().digest());
        deleteAnswers.add(delete.statusCode());
        assertThat(delete.statusCode())
            .as(
                "delete on a full disk: %s%nserver log:%n%s",
                new String(delete.body()), server.logTail(40))
            .isIn(202, 507);
        if (delete.statusCode() == 202) {
          deleted.add(p);
        }
      }
      disk.removeFiller(filler);
      awaitAnswer(client, "/v2/_catalog", 200);
      for (Pushed p : pushed.subList(0, pushed.size() / 2)) {
        if (!deleted.contains(p)) {
          int status = client.delete("/v2/full/app/manifests/" + p.image().digest()).statusCode();
          assertThat(status).as("delete after the disk was freed").isIn(202, 404);
          deleted.add(p);
        }
      }
      System.out.println("deletes on a completely full disk answered " + deleteAnswers);

      // Garbage collection frees the deleted images' layers, and pushes work again.
      HttpResponse<byte[]> gc = client.post("/berth/v1/gc?graceSeconds=0", new byte[0]);
      assertThat(gc.statusCode()).as(new String(gc.body())).isEqualTo(200);
      assertThat(push(client, "full/app", "after", bigImage(random, 2000)))
          .as("push after GC")
          .isNull();

      List<Pushed> kept = new ArrayList<>(pushed);
      kept.removeAll(deleted);
      assertEverythingPushedIsWhole(client, kept);
      assertThat(server.terminate(Duration.ofSeconds(60))).isIn(0, 143);
    }

    // After a restart: everything acknowledged and not deleted is intact; deletions stay done.
    try (ServerProcess restarted = ServerProcess.serve(port, data)) {
      RegistryClient client = restarted.client();
      List<Pushed> kept = new ArrayList<>();
      for (Pushed p : pushed) {
        int status =
            client
                .head(
                    "/v2/full/app/manifests/" + p.image().digest(),
                    "Accept",
                    MediaTypes.OCI_MANIFEST)
                .statusCode();
        boolean wasDeleted = pushed.indexOf(p) < pushed.size() / 2;
        assertThat(status).as("%s after restart", p.tag()).isEqualTo(wasDeleted ? 404 : 200);
        if (!wasDeleted) {
          kept.add(p);
        }
      }
      assertEverythingPushedIsWhole(client, kept);
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Pushes; returns null when stored, else the first refusal. */
  private static HttpResponse<byte[]> push(
      RegistryClient client, String repository, String tag, TestImages.Image image) {
    for (TestImages.Blob blob : image.blobs()) {
      HttpResponse<byte[]> put =
          client.post(
              "/v2/" + repository + "/blobs/uploads/?digest=" + blob.digest(), blob.bytes());
      if (put.statusCode() != 201) {
        return put;
      }
    }
    HttpResponse<byte[]> manifest =
        client.putManifest(repository, tag, MediaTypes.OCI_MANIFEST, image.manifest().bytes());
    return manifest.statusCode() == 201 ? null : manifest;
  }

  /** An image with a 1 MiB layer of random bytes (incompressible, so it really takes 1 MiB). */
  private static TestImages.Image bigImage(Random random, int number) {
    byte[] layer = new byte[LAYER_BYTES];
    random.nextBytes(layer);
    TestImages.Blob layerBlob = new TestImages.Blob(TestImages.LAYER_GZIP, layer);
    TestImages.Blob config =
        new TestImages.Blob(
            TestImages.OCI_CONFIG,
            TestImages.json(
                java.util.Map.of("architecture", "amd64", "os", "linux", "number", number)));
    return TestImages.manifest(MediaTypes.OCI_MANIFEST, "amd64", null, config, List.of(layerBlob));
  }

  private static void assertEverythingPushedIsWhole(RegistryClient client, List<Pushed> images) {
    for (Pushed p : images) {
      HttpResponse<byte[]> manifest =
          client.get("/v2/full/app/manifests/" + p.tag(), "Accept", MediaTypes.OCI_MANIFEST);
      assertThat(manifest.statusCode()).as("manifest %s", p.tag()).isEqualTo(200);
      assertThat(manifest.body()).isEqualTo(p.image().manifest().bytes());
      for (TestImages.Blob blob : p.image().blobs()) {
        HttpResponse<byte[]> get = client.get("/v2/full/app/blobs/" + blob.digest());
        assertThat(get.statusCode()).as("blob of %s", p.tag()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(blob.bytes());
      }
    }
  }

  private static void awaitAnswer(RegistryClient client, String path, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = client.get(path).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " still answers " + last + " 10 s after space was freed");
  }
}
