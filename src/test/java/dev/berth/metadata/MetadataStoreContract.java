package dev.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.GcMetadata.GcRun;
import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.metadata.ManifestMetadata.PutOutcome;
import dev.berth.metadata.ManifestMetadata.References;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.storage.UploadId;
import dev.berth.testing.MutableClock;
import dev.berth.users.Namespace;
import dev.berth.users.User;
import dev.berth.users.UserExistsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link MetadataStore} must do, whatever database is behind it. Each adapter's test
 * extends this class and opens its store on the given folder and clock; a second open on the same
 * folder must see what the first one committed.
 */
public abstract class MetadataStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ManifestParser PARSER = new ManifestParser(JSON);
  private static final RepositoryName APP = new RepositoryName("team/app");
  private static final RepositoryName OTHER = new RepositoryName("team/other");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(T0);
  private MetadataStore store;

  /** Opens the adapter's store on {@code folder}; the same folder again means the same data. */
  protected abstract MetadataStore open(Path folder, ObjectMapper json, Clock clock);

  @BeforeEach
  void openStore() {
    store = open(folder, JSON, clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // --- blob links and repositories ---

  @Test
  void link_createsTheRepository_andUnlinkRemovesOnlyTheLink() {
    Blob layer = Blob.of("layer");

    store.blobs().link(APP, layer.digest, layer.size, () -> true);

    assertThat(store.repositories().exists(APP)).isTrue();
    assertThat(store.blobs().linkedSize(APP, layer.digest)).contains(layer.size);
    assertThat(store.blobs().linkedSize(OTHER, layer.digest)).isEmpty();
    assertThat(store.blobs().unlink(APP, layer.digest)).isTrue();
    assertThat(store.blobs().unlink(APP, layer.digest)).isFalse();
    assertThat(store.blobs().linkedSizeAfterPendingChanges(APP, layer.digest)).isEmpty();
    assertThat(store.integrity().isRecorded(layer.digest))
        .as("the blob row outlives its link")
        .isTrue();
  }

  @Test
  void touch_recordsAUse_movingItForwardAtMostOncePerResolution() {
    Blob layer = Blob.of("layer read by clients");
    assertThat(store.blobs().touch(layer.digest)).as("an unknown blob").isEmpty();
    store.blobs().link(APP, layer.digest, layer.size, () -> true); // an upload: a use at T0

    clock.advance(BlobMetadata.USE_RESOLUTION.dividedBy(2));
    assertThat(store.blobs().touch(layer.digest)).as("recent enough: unchanged").contains(T0);

    clock.advance(BlobMetadata.USE_RESOLUTION);
    Instant later = clock.instant();
    assertThat(store.blobs().touch(layer.digest)).as("older than the resolution").contains(later);
    assertThat(store.blobs().touch(layer.digest)).contains(later);
  }

  @Test
  void link_ofBytesThatAreGone_isRefusedAndRecordsNothing() {
    Blob layer = Blob.of("gone");

    assertThatThrownBy(() -> store.blobs().link(APP, layer.digest, layer.size, () -> false))
        .isInstanceOf(BlobVanishedException.class);

    assertThat(store.blobs().linkedSize(APP, layer.digest)).isEmpty();
  }

  @Test
  void repositories_listOnlyThoseWithManifests_inLexicalPages() {
    for (String name : List.of("b/two", "a/one", "c/three")) {
      push(new RepositoryName(name), "v1", image("config-" + name));
    }
    store.blobs().link(new RepositoryName("d/blobs-only"), Blob.of("x").digest, 1, () -> true);

    assertThat(store.repositories().list(null, 10))
        .extracting(RepositoryName::value)
        .containsExactly("a/one", "b/two", "c/three");
    assertThat(store.repositories().list("a/one", 1))
        .extracting(RepositoryName::value)
        .containsExactly("b/two");
  }

  @Test
  void repositoryDelete_removesManifestsTagsLinksAndUploads() {
    Image image = image("cfg");
    push(APP, "v1", image);
    UploadId upload = UploadId.random();
    store.uploads().create(upload, APP, T0);

    assertThat(store.repositories().delete(APP)).isTrue();

    assertThat(store.repositories().exists(APP)).isFalse();
    assertThat(store.manifests().get(APP, image.digest)).isEmpty();
    assertThat(store.manifests().resolveTag(APP, new Tag("v1"))).isEmpty();
    assertThat(store.blobs().linkedSize(APP, image.config.digest)).isEmpty();
    assertThat(store.uploads().repositoryOf(upload)).isEmpty();
    assertThat(store.repositories().delete(APP)).isFalse();
  }

  // --- manifests and tags ---

  @Test
  void put_withMissingBlobs_isRefusedWhenTheyMustBePresent_andStoresNothing() {
    Image image = image("cfg");

    assertThatThrownBy(
            () ->
                store
                    .manifests()
                    .put(
                        APP,
                        image.digest,
                        image.content,
                        image.parsed,
                        new Tag("v1"),
                        References.MUST_BE_PRESENT,
                        "alice@10.0.0.5"))
        .isInstanceOfSatisfying(
            MissingReferencesException.class,
            e -> assertThat(e.missing()).containsExactly(image.config.digest));

    assertThat(store.manifests().get(APP, image.digest)).isEmpty();
    assertThat(store.manifests().resolveTag(APP, new Tag("v1"))).isEmpty();
    assertThat(store.repositories().list(null, 10)).isEmpty();
  }

  @Test
  void put_withRecordedReferences_storesBeforeTheBlobs_andGcSeesTheReferences() {
    Image image = image("cached");

    store
        .manifests()
        .put(APP, image.digest, image.content, image.parsed, null, References.RECORDED_ONLY, null);

    assertThat(store.manifests().get(APP, image.digest)).isPresent();
    assertThat(store.gc().snapshot().blobRefs())
        .contains(new GcMetadata.BlobRef(APP, image.digest, image.config.digest));
  }

  @Test
  void put_keepsTheExactBytes_andReportsWhatItDid() {
    Image first = image("one");
    Image second = image("two");

    PutOutcome created = push(APP, "latest", first);
    PutOutcome again = push(APP, "latest", first);
    PutOutcome moved = push(APP, "latest", second);

    assertThat(created).isEqualTo(new PutOutcome(true, null));
    assertThat(again).isEqualTo(new PutOutcome(false, first.digest));
    assertThat(moved).isEqualTo(new PutOutcome(true, first.digest));
    StoredManifest stored = store.manifests().get(APP, first.digest).orElseThrow();
    assertThat(stored.content()).isEqualTo(first.content);
    assertThat(stored.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(stored.createdAt()).isEqualTo(T0);
    assertThat(store.manifests().resolveTag(APP, new Tag("latest"))).contains(second.digest);
  }

  @Test
  void tags_pageInLexicalOrder() {
    Image image = image("cfg");
    List<String> names = List.of("v10", "latest", "v2", "a", "v1");
    names.forEach(tag -> push(APP, tag, image));

    assertThat(store.manifests().tags(APP, null, 100))
        .extracting(Tag::value)
        .containsExactly("a", "latest", "v1", "v10", "v2");
    assertThat(store.manifests().tags(APP, "latest", 2))
        .extracting(Tag::value)
        .containsExactly("v1", "v10");
    assertThat(store.manifests().tags(APP, "v2", 2)).isEmpty();
  }

  @Test
  void deleteTag_keepsTheManifest_butDeleteManifestTakesItsTags() {
    Image image = image("cfg");
    push(APP, "v1", image);
    push(APP, "v2", image);

    assertThat(store.manifests().deleteTag(APP, new Tag("v1"))).isTrue();
    assertThat(store.manifests().get(APP, image.digest)).isPresent();
    assertThat(store.manifests().delete(APP, image.digest)).isTrue();

    assertThat(store.manifests().tags(APP, null, 10)).isEmpty();
    assertThat(store.manifests().get(APP, image.digest)).isEmpty();
    assertThat(store.manifests().delete(APP, image.digest)).isFalse();
  }

  @Test
  void referrers_areTheManifestsNamingASubject() {
    Image subject = image("subject");
    push(APP, "v1", subject);
    Image signature = image("signature", subject);
    push(APP, null, signature);

    assertThat(store.manifests().referrers(APP, subject.digest))
        .singleElement()
        .satisfies(d -> assertThat(d.digest()).isEqualTo(signature.digest));
    assertThat(store.manifests().referrers(APP, signature.digest)).isEmpty();
  }

  @Test
  void pulls_addUpPerManifest() {
    Image image = image("cfg");
    push(APP, "v1", image);
    ManifestKey key = new ManifestKey(APP, image.digest);

    store.manifests().recordPulls(Map.of(key, 3L), T0.plusSeconds(5));
    store.manifests().recordPulls(Map.of(key, 2L), T0.plusSeconds(9));

    assertThat(store.browse().recentPulls(10))
        .singleElement()
        .satisfies(
            pull -> {
              assertThat(pull.pullCount()).isEqualTo(5);
              assertThat(pull.at()).isEqualTo(T0.plusSeconds(9));
              assertThat(pull.tags()).containsExactly("v1");
            });
  }

  // --- uploads ---

  @Test
  void uploads_rememberTheirRepositoryUntilDeleted() {
    UploadId old = UploadId.random();
    UploadId fresh = UploadId.random();
    store.uploads().create(old, APP, T0);
    store.uploads().create(fresh, OTHER, T0.plusSeconds(60));

    assertThat(store.uploads().repositoryOf(old)).contains(APP);
    assertThat(store.uploads().all()).containsExactlyInAnyOrder(old, fresh);
    assertThat(store.gc().uploadsStartedBefore(T0.plusSeconds(30))).containsExactly(old);
    store.uploads().delete(old);
    assertThat(store.uploads().repositoryOf(old)).isEmpty();
  }

  // --- garbage collection ---

  @Test
  void gc_deletesOnlyUntaggedManifestsOlderThanTheCutoff() {
    Image tagged = image("tagged");
    Image untaggedOld = image("old");
    push(APP, "v1", tagged);
    push(APP, null, untaggedOld);
    clock.advance(Duration.ofHours(2));
    Image untaggedNew = image("new");
    push(APP, null, untaggedNew);
    List<ManifestKey> all = List.of(key(tagged), key(untaggedOld), key(untaggedNew));

    List<ManifestKey> deleted =
        store.gc().deleteManifestsIfUnreachable(all, T0.plus(Duration.ofHours(1)));

    assertThat(deleted).containsExactly(key(untaggedOld));
    assertThat(store.manifests().get(APP, untaggedOld.digest)).isEmpty();
    assertThat(store.manifests().get(APP, tagged.digest)).isPresent();
    assertThat(store.manifests().get(APP, untaggedNew.digest)).isPresent();
  }

  @Test
  void gc_deletesUnreferencedBlobs_leavingATombstoneForEach() {
    Image image = image("kept");
    push(APP, "v1", image);
    Blob loose = Blob.of("loose");
    Blob other = Blob.of("other");
    store.blobs().link(APP, loose.digest, loose.size, () -> true);
    store.blobs().link(APP, other.digest, other.size, () -> true);
    clock.advance(Duration.ofHours(2));

    List<Digest> deleted =
        store
            .gc()
            .deleteBlobsIfUnreferenced(
                List.of(image.config.digest, loose.digest, other.digest),
                T0.plus(Duration.ofHours(1)));

    assertThat(deleted).containsExactlyInAnyOrder(loose.digest, other.digest);
    assertThat(store.gc().tombstones(10)).containsExactlyInAnyOrder(loose.digest, other.digest);
    assertThat(store.integrity().isRecorded(loose.digest)).isFalse();
    assertThat(store.blobs().linkedSize(APP, loose.digest)).isEmpty();
    assertThat(store.integrity().isRecorded(image.config.digest)).isTrue();
  }

  @Test
  void gc_tombstonesOutliveARestart_andABatchWhoseRemovalFails() throws IOException {
    List<Digest> deleted = deleteLooseBlobs("loose", "other");
    store.close();
    store = open(folder, JSON, clock);
    assertThat(store.gc().tombstones(10)).containsExactlyInAnyOrderElementsOf(deleted);

    assertThatThrownBy(
            () ->
                store
                    .gc()
                    .removeBytes(
                        deleted,
                        digest -> {
                          if (digest.equals(deleted.get(1))) {
                            throw new IOException("disk gone");
                          }
                        }))
        .isNotNull();
    assertThat(store.gc().tombstones(10))
        .as("a failed batch removes no tombstone")
        .containsExactlyInAnyOrderElementsOf(deleted);

    List<Digest> removed = new ArrayList<>();
    assertThat(store.gc().removeBytes(deleted, removed::add))
        .containsExactlyInAnyOrderElementsOf(deleted);
    assertThat(removed).containsExactlyInAnyOrderElementsOf(deleted);
    assertThat(store.gc().tombstones(10)).isEmpty();
    assertThat(store.integrity().isRecorded(deleted.get(0))).as("no placeholder is left").isFalse();
  }

  @Test
  void gc_removeBytes_keepsTheBytesOfABlobUploadedAgain() {
    Blob again = Blob.of("again");
    List<Digest> deleted = deleteLooseBlobs("again");
    store.blobs().link(OTHER, again.digest, again.size, () -> true);

    List<Digest> removed = new ArrayList<>();
    assertThat(store.gc().removeBytes(deleted, removed::add)).isEmpty();

    assertThat(removed).as("bytes a row records again are never removed").isEmpty();
    assertThat(store.gc().tombstones(10)).isEmpty();
    assertThat(store.blobs().linkedSize(OTHER, again.digest)).contains(again.size);
  }

  @Test
  void gc_removeBytes_makesARacingLinkWait_andThenFindTheBytesGone() throws Exception {
    Blob racing = Blob.of("racing");
    List<Digest> deleted = deleteLooseBlobs("racing");
    java.util.concurrent.atomic.AtomicBoolean bytesExist =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.CompletableFuture<Void> link =
        new java.util.concurrent.CompletableFuture<>();
    Thread linker =
        new Thread(
            () -> {
              try {
                store.blobs().link(APP, racing.digest, racing.size, bytesExist::get);
                link.complete(null);
              } catch (RuntimeException e) {
                link.completeExceptionally(e);
              }
            });

    store
        .gc()
        .removeBytes(
            deleted,
            digest -> {
              bytesExist.set(false);
              linker.start();
              try {
                linker.join(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              assertThat(linker.isAlive())
                  .as("the link waits for the removal's transaction")
                  .isTrue();
            });

    assertThatThrownBy(() -> link.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(BlobVanishedException.class);
    assertThat(store.integrity().isRecorded(racing.digest)).isFalse();
  }

  /** Links blobs of the given contents, lets them age, and deletes them (tombstones left). */
  private List<Digest> deleteLooseBlobs(String... contents) {
    List<Digest> digests = new ArrayList<>();
    for (String content : contents) {
      Blob blob = Blob.of(content);
      store.blobs().link(APP, blob.digest, blob.size, () -> true);
      digests.add(blob.digest);
    }
    Instant linked = clock.instant();
    clock.advance(Duration.ofHours(2));
    List<Digest> deleted =
        store.gc().deleteBlobsIfUnreferenced(digests, linked.plus(Duration.ofHours(1)));
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(digests);
    return digests;
  }

  @Test
  void gc_runsAreListedNewestFirst() {
    IntStream.range(0, 3)
        .forEach(
            i ->
                store
                    .gc()
                    .recordRun(
                        new GcRun(
                            T0.plusSeconds(i),
                            T0.plusSeconds(i + 1),
                            i % 2 == 0,
                            false,
                            "completed",
                            i,
                            i,
                            0,
                            i * 100L)));

    assertThat(store.gc().recentRuns(2))
        .extracting(GcRun::startedAt)
        .containsExactly(T0.plusSeconds(2), T0.plusSeconds(1));
    assertThat(store.gc().recentRuns(10).get(0).bytesFreed()).isEqualTo(200);
  }

  // --- users ---

  @Test
  void users_areUniqueByName_andUpdatedInPlace() {
    User alice = new User("alice", "$2a$10$hash", false, List.of(), false, T0);
    store.users().add(alice);

    assertThatThrownBy(() -> store.users().add(alice)).isInstanceOf(UserExistsException.class);
    User narrowed =
        new User("alice", "$2a$10$hash", true, List.of(Namespace.parse("team")), false, T0);
    assertThat(store.users().update(narrowed)).isTrue();
    assertThat(store.users().find("alice")).contains(narrowed);
    assertThat(store.users().find("Alice")).isEmpty();
    assertThat(store.users().anyEnabled()).isTrue();
    assertThat(store.users().remove("alice")).isTrue();
    assertThat(store.users().anyEnabled()).isFalse();
  }

  // --- the event outbox ---

  @Test
  void outbox_readsOnFromAPosition_inOrder_andForgetsOnlyWhatIsOlderThanTheCutoff() {
    OutboxMetadata outbox = store.outbox();
    long first = outbox.append(T0, "ManifestPushed", "{\"n\":1}");
    long second = outbox.append(T0.plusSeconds(60), "TagDeleted", "{\"n\":2}");
    long third = outbox.append(T0.plusSeconds(120), "ManifestDeleted", "{\"n\":3}");
    assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();

    assertThat(outbox.after(0, 10).stream().map(OutboxMetadata.OutboxEntry::kind))
        .containsExactly("ManifestPushed", "TagDeleted", "ManifestDeleted");
    assertThat(outbox.after(first, 1))
        .containsExactly(
            new OutboxMetadata.OutboxEntry(second, T0.plusSeconds(60), "TagDeleted", "{\"n\":2}"));

    assertThat(outbox.deleteOlderThan(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(outbox.after(0, 10).stream().map(OutboxMetadata.OutboxEntry::id))
        .containsExactly(second, third);
    long fourth = outbox.append(T0.plusSeconds(180), "RepositoryDeleted", "{}");
    assertThat(fourth).as("positions are never reused").isGreaterThan(third);
  }

  // --- durability and totals ---

  @Test
  void whatWasCommitted_isThereAfterReopening() {
    Image image = image("cfg");
    push(APP, "v1", image);
    store.users().add(new User("bob", "$2a$10$hash", false, List.of(), false, T0));
    store.close();

    store = open(folder, JSON, clock);

    assertThat(store.manifests().resolveTag(APP, new Tag("v1"))).contains(image.digest);
    assertThat(store.manifests().get(APP, image.digest).orElseThrow().content())
        .isEqualTo(image.content);
    assertThat(store.users().find("bob")).isPresent();
  }

  @Test
  void aManifestPush_recordsAUseOfItsBlobs_atMostOncePerResolution() {
    Image image = image("config pushed once, referenced twice");
    Digest config = image.config.digest;
    store.blobs().link(APP, config, image.config.size, () -> true); // an upload: a use at T0

    clock.advance(BlobMetadata.USE_RESOLUTION.dividedBy(2));
    putManifest(APP, "v1", image);
    assertThat(store.blobs().touch(config)).as("recent enough: unchanged").contains(T0);

    clock.advance(BlobMetadata.USE_RESOLUTION);
    Instant pushed = clock.instant();
    putManifest(APP, "v2", image);
    // A second later, so that a use recorded by this read could not pass for the push's.
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.blobs().touch(config)).as("the push recorded a use").contains(pushed);
  }

  @Test
  void totals_countEachBlobOnce() {
    Image image = image("shared");
    push(APP, "v1", image);
    push(OTHER, "v1", image);

    BrowseMetadata.Totals totals = store.browse().totals();

    assertThat(totals.repositories()).isEqualTo(2);
    assertThat(totals.tags()).isEqualTo(2);
    assertThat(totals.manifests()).isEqualTo(2);
    assertThat(totals.blobs()).isEqualTo(1);
    assertThat(totals.blobBytes()).isEqualTo(image.config.size);
  }

  /**
   * The Browser's "used by N manifests" counts manifests, not mentions: a layer listed twice in one
   * manifest, and that manifest pushed again under another tag, is one manifest per repository.
   * Nothing in the schema enforces it (the edge tables have no primary key): the push must.
   */
  @Test
  void blobReferenceCounts_countEachManifestOnce_whateverItListsOrHowOftenItIsPushed() {
    Blob config = Blob.of("{\"c\":\"layer listed twice\"}");
    Blob layer = Blob.of("an empty layer, listed twice");
    String layerDescriptor =
        "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
            + layer.digest
            + "\",\"size\":"
            + layer.size
            + "}";
    byte[] content =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + config.digest
                + "\",\"size\":"
                + config.size
                + "},\"layers\":["
                + layerDescriptor
                + ","
                + layerDescriptor
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    Image image =
        new Image(
            config,
            content,
            Digest.sha256(content),
            PARSER.parse(content, MediaTypes.OCI_MANIFEST));
    for (RepositoryName repository : List.of(APP, OTHER)) {
      store.blobs().link(repository, layer.digest, layer.size, () -> true);
      push(repository, "v1", image);
    }
    putManifest(APP, "v2", image); // the same manifest again, under another tag

    assertThat(store.browse().blobReferenceCounts(List.of(layer.digest, config.digest)))
        .containsExactlyInAnyOrderEntriesOf(Map.of(layer.digest, 2, config.digest, 2));
  }

  // --- fixtures ---

  private PutOutcome push(RepositoryName repository, String tag, Image image) {
    store.blobs().link(repository, image.config.digest, image.config.size, () -> true);
    return putManifest(repository, tag, image);
  }

  /** The manifest only: its blobs must be linked already. */
  private PutOutcome putManifest(RepositoryName repository, String tag, Image image) {
    return store
        .manifests()
        .put(
            repository,
            image.digest,
            image.content,
            image.parsed,
            tag == null ? null : new Tag(tag),
            References.MUST_BE_PRESENT,
            "alice@10.0.0.5");
  }

  private static ManifestKey key(Image image) {
    return new ManifestKey(APP, image.digest);
  }

  private static Image image(String configText) {
    return image(configText, null);
  }

  private static Image image(String configText, Image subject) {
    Blob config = Blob.of("{\"c\":\"" + configText + "\"}");
    String subjectField =
        subject == null
            ? ""
            : ",\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\""
                + subject.digest
                + "\",\"size\":"
                + subject.content.length
                + "}";
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + config.digest
            + "\",\"size\":"
            + config.size
            + "},\"layers\":[]"
            + subjectField
            + "}";
    byte[] content = manifest.getBytes(StandardCharsets.UTF_8);
    return new Image(
        config, content, Digest.sha256(content), PARSER.parse(content, MediaTypes.OCI_MANIFEST));
  }

  private record Blob(Digest digest, long size) {
    static Blob of(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return new Blob(Digest.sha256(bytes), bytes.length);
    }
  }

  private record Image(Blob config, byte[] content, Digest digest, ParsedManifest parsed) {}
}
