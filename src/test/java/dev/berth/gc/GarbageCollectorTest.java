package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import dev.berth.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Builds a reference graph through the HTTP API (shared layers, indexes, untagged manifests,
 * referrers, loose blobs), collects garbage, and checks exactly what remains on disk and in H2.
 */
class GarbageCollectorTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();

  private static final GcOptions NOW = GcOptions.defaults().withGracePeriod(Duration.ZERO);

  // app: tagged image and an untagged one, sharing a layer; a signature on each.
  private final Image tagged = TestImages.ociImage("amd64", "shared base", "tagged top");
  private final Image untagged = TestImages.ociImage("amd64", "shared base", "untagged top");
  private final Image taggedSignature =
      TestImages.referrer(tagged, "application/vnd.example.sig", "sig of tagged");
  private final Image untaggedSignature =
      TestImages.referrer(untagged, "application/vnd.example.sig", "sig of untagged");
  // other: the tagged image again, so its layers are shared across repositories.
  // multi: a tagged index over two images, and an untagged index over a third.
  private final Image amd64 = TestImages.ociImage("amd64", "multi amd64");
  private final Image arm64 = TestImages.ociImage("arm64", "multi arm64");
  private final Image orphanChild = TestImages.ociImage("s390x", "only in the untagged index");
  private final Blob taggedIndex = TestImages.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64));
  private final Blob untaggedIndex = TestImages.index(MediaTypes.OCI_INDEX, List.of(orphanChild));
  private Digest looseBlob;

  private RegistryClient client() {
    return registry.client();
  }

  @BeforeEach
  void buildGraph() {
    tagged.push(client(), "app", "v1");
    untagged.push(client(), "app", untagged.digest().toString());
    taggedSignature.push(client(), "app", taggedSignature.digest().toString());
    untaggedSignature.push(client(), "app", untaggedSignature.digest().toString());
    tagged.push(client(), "other", "latest");
    for (Image child : List.of(amd64, arm64, orphanChild)) {
      child.push(client(), "multi", child.digest().toString());
    }
    client().pushManifest("multi", "v1", MediaTypes.OCI_INDEX, taggedIndex.bytes());
    client()
        .pushManifest(
            "multi",
            untaggedIndex.digest().toString(),
            MediaTypes.OCI_INDEX,
            untaggedIndex.bytes());
    looseBlob =
        client().pushBlob("app", "uploaded, never referenced".getBytes(StandardCharsets.UTF_8));
  }

  private GarbageCollector gc() {
    return registry.engine().garbageCollector();
  }

  @Test
  void keepingUntagged_deletesOnlyUnreferencedBlobs() throws Exception {
    Set<Digest> before = storedBlobs();

    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"), NOW, GcProgress.Listener.NONE, () -> false);

    assertThat(report.outcome()).isEqualTo("completed");
    assertThat(report.manifestsDeleted()).isZero();
    assertThat(report.blobsDeleted()).isEqualTo(1);
    Set<Digest> expected = new HashSet<>(before);
    expected.remove(looseBlob);
    assertThat(storedBlobs()).isEqualTo(expected);
    assertThat(client().head("/v2/app/blobs/" + looseBlob).statusCode()).isEqualTo(404);
    assertThat(manifestStatus("app", untagged.digest())).isEqualTo(200);
  }

  @Test
  void deletingUntagged_removesExactlyTheUnreachable() throws Exception {
    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withDeleteUntagged(true),
                GcProgress.Listener.NONE,
                () -> false);

    // Gone: the untagged image, its signature, the untagged index and its only child.
    assertThat(manifestStatus("app", untagged.digest())).isEqualTo(404);
    assertThat(manifestStatus("app", untaggedSignature.digest())).isEqualTo(404);
    assertThat(manifestStatus("multi", untaggedIndex.digest())).isEqualTo(404);
    assertThat(manifestStatus("multi", orphanChild.digest())).isEqualTo(404);
    assertThat(report.manifestsDeleted()).isEqualTo(4);
    // Kept: tagged manifests, their signature, and children of the tagged index.
    for (Digest kept : List.of(tagged.digest(), taggedSignature.digest())) {
      assertThat(manifestStatus("app", kept)).isEqualTo(200);
    }
    assertThat(manifestStatus("other", tagged.digest())).isEqualTo(200);
    for (Digest kept : List.of(taggedIndex.digest(), amd64.digest(), arm64.digest())) {
      assertThat(manifestStatus("multi", kept)).isEqualTo(200);
    }
    // Exactly the blobs of live manifests remain on disk.
    Set<Digest> live = new HashSet<>();
    for (Image image : List.of(tagged, taggedSignature, amd64, arm64)) {
      image.blobs().forEach(b -> live.add(b.digest()));
    }
    assertThat(storedBlobs()).isEqualTo(live);
    // The shared base layer survived because a tagged image still uses it.
    assertThat(client().get("/v2/app/blobs/" + untagged.layers().get(0).digest()).statusCode())
        .isEqualTo(200);
    assertThat(client().get("/v2/app/blobs/" + untagged.layers().get(1).digest()).statusCode())
        .isEqualTo(404);
    // And metadata agrees: every remaining blob row has its file, none points at a missing one.
    var snapshot = registry.engine().metadata().gc().snapshot();
    assertThat(snapshot.blobs().stream().map(b -> b.digest()).collect(Collectors.toSet()))
        .isEqualTo(live);
  }

  @Test
  void dryRun_reportsTheBytes_andDeletesNothing() throws Exception {
    Set<Digest> before = storedBlobs();

    GcReport dry =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withDeleteUntagged(true).withDryRun(true),
                GcProgress.Listener.NONE,
                () -> false);

    assertThat(storedBlobs()).isEqualTo(before);
    assertThat(manifestStatus("app", untagged.digest())).isEqualTo(200);
    long expectedBlobBytes =
        untagged.layers().get(1).bytes().length
            + untagged.config().bytes().length
            + untaggedSignature.layers().get(0).bytes().length
            + orphanChild.layers().get(0).bytes().length
            + orphanChild.config().bytes().length
            + "uploaded, never referenced".length();
    long expectedManifestBytes =
        untagged.manifest().bytes().length
            + untaggedSignature.manifest().bytes().length
            + untaggedIndex.bytes().length
            + orphanChild.manifest().bytes().length;
    assertThat(dry.outcome()).isEqualTo("dry-run");
    assertThat(dry.bytesFreed()).isEqualTo(expectedBlobBytes + expectedManifestBytes);

    GcReport real =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withDeleteUntagged(true),
                GcProgress.Listener.NONE,
                () -> false);
    assertThat(real.bytesFreed()).isEqualTo(dry.bytesFreed());
    assertThat(registry.engine().metadata().gc().recentRuns(5))
        .extracting(r -> r.outcome())
        .containsExactly("completed", "dry-run");
  }

  @Test
  void gracePeriod_protectsRecentContent() throws Exception {
    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"),
                GcOptions.defaults().withDeleteUntagged(true),
                GcProgress.Listener.NONE,
                () -> false);

    assertThat(report.manifestsDeleted()).isZero();
    assertThat(report.blobsDeleted()).isZero();
    assertThat(client().head("/v2/app/blobs/" + looseBlob).statusCode()).isEqualTo(200);
  }

  @Test
  void orphanedFiles_areDeletedOnlyWhenOld() throws Exception {
    Path oldOrphan =
        writeOrphan("left behind by a crash long ago", Instant.now().minus(Duration.ofDays(2)));
    Path newOrphan = writeOrphan("just renamed into place by an upload", Instant.now());

    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"),
                GcOptions.defaults(),
                GcProgress.Listener.NONE,
                () -> false);

    assertThat(report.orphansDeleted()).isEqualTo(1);
    assertThat(oldOrphan).doesNotExist();
    assertThat(newOrphan).exists();
  }

  @Test
  void staleUploads_arePurgedWithTheirBytes() throws Exception {
    var start = client().post("/v2/app/blobs/uploads/", new byte[0]);
    String location = start.headers().firstValue("Location").orElseThrow();
    client().patch(location, new byte[1000]);

    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withUploadMaxAge(Duration.ZERO),
                GcProgress.Listener.NONE,
                () -> false);

    assertThat(report.uploadsPurged()).isEqualTo(1);
    assertThat(client().get(location.substring(location.indexOf("/v2/"))).statusCode())
        .isEqualTo(404);
    try (Stream<Path> files = Files.list(registry.data().resolve("storage/uploads"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void cancellation_stopsBetweenBatches_andLeavesConsistentState() throws Exception {
    int[] polls = {0};

    // The first poll lets one batch of manifests through; the next one cancels.
    GcReport report =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withDeleteUntagged(true),
                GcProgress.Listener.NONE,
                () -> ++polls[0] > 1);

    assertThat(report.outcome()).isEqualTo("cancelled");
    assertThat(report.manifestsDeleted()).isBetween(1L, 3L);
    assertThat(report.blobsDeleted()).isZero();
    GcReport rest =
        gc().run(
                dev.berth.events.Caller.system("test"),
                NOW.withDeleteUntagged(true),
                GcProgress.Listener.NONE,
                () -> false);
    assertThat(rest.outcome()).isEqualTo("completed");
    assertThat(report.manifestsDeleted() + rest.manifestsDeleted()).isEqualTo(4);
    assertThat(manifestStatus("app", tagged.digest())).isEqualTo(200);
    var snapshot = registry.engine().metadata().gc().snapshot();
    for (var row : snapshot.blobs()) {
      assertThat(registry.engine().blobs().size(row.digest()))
          .as("bytes of %s", row.digest())
          .isPresent();
    }
  }

  @Test
  void progress_coversEveryPhase() throws Exception {
    Set<GcProgress.Phase> phases = new HashSet<>();

    gc().run(
            dev.berth.events.Caller.system("test"),
            NOW.withDeleteUntagged(true),
            p -> phases.add(p.phase()),
            () -> false);

    assertThat(phases)
        .contains(
            GcProgress.Phase.MARK,
            GcProgress.Phase.SWEEP_MANIFESTS,
            GcProgress.Phase.SWEEP_BLOBS,
            GcProgress.Phase.DONE);
  }

  private int manifestStatus(String repository, Digest digest) {
    return client()
        .head("/v2/" + repository + "/manifests/" + digest, "Accept", "*/*")
        .statusCode();
  }

  private Path writeOrphan(String content, Instant modified) throws Exception {
    Digest digest = Digest.sha256(content.getBytes(StandardCharsets.UTF_8));
    Path file =
        registry
            .data()
            .resolve("storage/blobs/sha256")
            .resolve(digest.hex().substring(0, 2))
            .resolve(digest.hex());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private Set<Digest> storedBlobs() throws Exception {
    Set<Digest> digests = new HashSet<>();
    registry.engine().blobs().forEachDigest(digests::add);
    return digests;
  }
}
