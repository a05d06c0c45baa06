package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.json.Json;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Blob;
import dev.berth.testing.TestImages.Image;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which sequences of reads a client makes count as pulls of an image. */
class PullDetectorTest {
  private static final RepositoryName APP = RepositoryName.parse("app");
  private static final Caller ALICE = Caller.user("alice", "10.0.0.1");
  private static final Caller BOB = Caller.user("bob", "10.0.0.2");

  private final Map<Digest, Blob> stored = new HashMap<>();
  private final List<Digest> counted = new ArrayList<>();
  private final PullDetector detector =
      new PullDetector(
          (repository, digest) ->
              Optional.ofNullable(stored.get(digest))
                  .map(b -> new StoredManifest(digest, b.mediaType(), b.bytes(), Instant.EPOCH)),
          new ManifestParser(Json.mapper()),
          (repository, digest) -> counted.add(digest));
  private Instant now = Instant.parse("2026-12-01T10:00:00Z");

  private final Image amd64 = store(TestImages.ociImage("amd64", "amd64 layer 1", "amd64 layer 2"));
  private final Image arm64 = store(TestImages.ociImage("arm64", "arm64 layer"));

  @Test
  void manifestThenLayer_isOnePull_howeverManyLayersFollow() {
    manifest(ALICE, amd64.digest());
    blob(ALICE, amd64.config().digest());
    blob(ALICE, amd64.layers().get(0).digest());
    blob(ALICE, amd64.layers().get(1).digest());

    assertThat(counted).containsExactly(amd64.digest());
  }

  @Test
  void manifestAndConfigOnly_likeSkopeoInspect_isNoPull() {
    manifest(ALICE, amd64.digest());
    blob(ALICE, amd64.config().digest());
    manifest(ALICE, amd64.digest());

    assertThat(counted).isEmpty();
  }

  @Test
  void anotherClientsLayerFetch_confirmsNothing() {
    manifest(ALICE, amd64.digest());
    blob(BOB, amd64.layers().get(0).digest());

    assertThat(counted).isEmpty();
  }

  @Test
  void aLayerFetchedLongAfterTheManifest_confirmsNothing() {
    manifest(ALICE, amd64.digest());
    now = now.plus(PullDetector.CONFIRM_WITHIN).plus(Duration.ofSeconds(1));
    blob(ALICE, amd64.layers().get(0).digest());

    assertThat(counted).isEmpty();
  }

  @Test
  void anIndex_countsWithThePlatformImagePulledThroughIt() {
    Blob index = storeIndex(amd64, arm64);

    manifest(ALICE, index.digest());
    manifest(ALICE, arm64.digest());
    assertThat(counted).isEmpty();
    blob(ALICE, arm64.layers().get(0).digest());

    assertThat(counted).containsExactlyInAnyOrder(arm64.digest(), index.digest());
  }

  @Test
  void anIndexReadWithoutPullingAnImage_isNoPull() {
    Blob index = storeIndex(amd64, arm64);

    manifest(ALICE, index.digest());
    manifest(ALICE, arm64.digest());
    blob(ALICE, arm64.config().digest());

    assertThat(counted).isEmpty();
  }

  @Test
  void aManifestWithoutBlobs_orUnknownToTheStore_countsAtOnce() {
    Blob emptyIndex = storeIndex();
    Digest unknown = Digest.sha256(new byte[] {1});

    manifest(ALICE, emptyIndex.digest());
    manifest(ALICE, unknown);

    assertThat(counted).containsExactly(emptyIndex.digest(), unknown);
  }

  @Test
  void aClientInspectingManyImages_keepsOnlyItsNewestWaiting() {
    List<Image> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(store(TestImages.ociImage("amd64", "image " + i)));
      manifest(ALICE, many.get(i).digest());
    }

    blob(ALICE, many.get(0).layers().get(0).digest()); // forgotten: 39 newer fetches since
    blob(ALICE, many.get(39).layers().get(0).digest());

    assertThat(counted).containsExactly(many.get(39).digest());
  }

  @Test
  void aManifestWithoutLayers_countsWithAnyBlobItNames() {
    Image configOnly = store(TestImages.ociImage("amd64"));

    manifest(ALICE, configOnly.digest());
    blob(ALICE, configOnly.config().digest());

    assertThat(counted).containsExactly(configOnly.digest());
  }

  @Test
  void aLayerFetchedFromAnotherRepository_confirmsNothing() {
    manifest(ALICE, amd64.digest());
    detector.blobFetched(
        new RegistryEvent.BlobPulled(
            now, ALICE, RepositoryName.parse("other"), amd64.layers().get(0).digest()));

    assertThat(counted).isEmpty();
  }

  @Test
  void inspectingImagesOnOneBase_thenPullingOne_countsOne() {
    List<Image> onOneBase = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      onOneBase.add(store(TestImages.ociImage("amd64", "shared base", "app " + i)));
      manifest(ALICE, onOneBase.get(i).digest());
    }
    Image pulled = onOneBase.get(3);

    blob(ALICE, pulled.layers().get(0).digest()); // the shared base
    blob(ALICE, pulled.layers().get(1).digest());

    assertThat(counted).containsExactly(pulled.digest());
  }

  @Test
  void anIndexOfIndexes_countsAllTheWayUp() {
    Blob inner = storeIndex(amd64, arm64);
    Blob outer =
        storeIndex(new Image("amd64", null, amd64.config(), List.of(), inner)); // lists the inner

    manifest(ALICE, outer.digest());
    manifest(ALICE, inner.digest());
    manifest(ALICE, amd64.digest());
    blob(ALICE, amd64.layers().get(1).digest());

    assertThat(counted).containsExactlyInAnyOrder(amd64.digest(), inner.digest(), outer.digest());
  }

  @Test
  void aPlatformManifestReadThroughTheBlobEndpoint_isAManifestFetch() {
    Blob index = storeIndex(amd64, arm64);

    manifest(ALICE, index.digest());
    blob(ALICE, arm64.digest()); // GET /v2/app/blobs/<the arm64 manifest's digest>
    blob(ALICE, arm64.layers().get(0).digest());

    assertThat(counted).containsExactlyInAnyOrder(arm64.digest(), index.digest());
  }

  private Blob storeIndex(Image... images) {
    Blob index = TestImages.index(MediaTypes.OCI_INDEX, List.of(images));
    stored.put(index.digest(), index);
    return index;
  }

  private Image store(Image image) {
    stored.put(image.digest(), image.manifest());
    return image;
  }

  private void manifest(Caller caller, Digest digest) {
    detector.manifestFetched(new RegistryEvent.ManifestPulled(now, caller, APP, digest));
  }

  private void blob(Caller caller, Digest digest) {
    detector.blobFetched(new RegistryEvent.BlobPulled(now, caller, APP, digest));
  }
}
