package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.AuthSettings;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every push, pull, delete and collection announces itself, with who did it: a user over HTTP
 * Basic, from its address.
 */
class RegistryEventsTest {
  @TempDir static Path data;
  private static BerthEngine engine;
  private static RegistryClient alice;
  private static final List<RegistryEvent> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    TestUsers.in(data).add("alice", "alice's password", false).create();
    engine =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), data)
                .withAuth(new AuthSettings(AuthSettings.Mode.BASIC, false)));
    engine.events().subscribe(RegistryEvent.class, seen::add);
    alice = new RegistryClient(engine.url()).withBasicAuth("alice", "alice's password");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @BeforeEach
  void forget() {
    seen.clear();
  }

  @Test
  void aPush_announcesEachBlobAndTheManifest_withTheUser() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "pushed");
    image.push(alice, "team/app", "v1");

    List<RegistryEvent.BlobPushed> blobs = await(RegistryEvent.BlobPushed.class, 2);
    assertThat(blobs)
        .extracting(RegistryEvent.BlobPushed::digest)
        .containsExactlyInAnyOrder(image.config().digest(), image.layers().get(0).digest());
    RegistryEvent.ManifestPushed manifest = await(RegistryEvent.ManifestPushed.class, 1).get(0);
    assertThat(manifest.digest()).isEqualTo(image.digest());
    assertThat(manifest.tag().value()).isEqualTo("v1");
    assertThat(manifest.created()).isTrue();
    assertThat(manifest.previous()).isNull();
    assertThat(manifest.caller()).isEqualTo(Caller.user("alice", "127.0.0.1"));
    assertThat(blobs).allSatisfy(b -> assertThat(b.caller().name()).isEqualTo("alice"));
  }

  @Test
  void movingATag_saysWhereItPointedBefore() throws Exception {
    TestImages.Image first = TestImages.ociImage("amd64", "first");
    TestImages.Image second = TestImages.ociImage("amd64", "second");
    first.push(alice, "team/moving", "latest");
    second.push(alice, "team/moving", "latest");

    List<RegistryEvent.ManifestPushed> pushes = await(RegistryEvent.ManifestPushed.class, 2);
    RegistryEvent.ManifestPushed moved = pushes.get(1);
    assertThat(moved.previous()).isEqualTo(first.digest());
    assertThat(moved.movedTag()).isTrue();
  }

  @Test
  void aPullIsAGet_notAHead() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "pulled");
    image.push(alice, "team/pulled", "v1");
    seen.clear();

    alice.head("/v2/team/pulled/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    alice.head("/v2/team/pulled/blobs/" + image.config().digest());
    alice.get("/v2/team/pulled/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    alice.get("/v2/team/pulled/blobs/" + image.config().digest());

    assertThat(await(RegistryEvent.ManifestPulled.class, 1))
        .singleElement()
        .satisfies(p -> assertThat(p.digest()).isEqualTo(image.digest()));
    assertThat(await(RegistryEvent.BlobPulled.class, 1))
        .singleElement()
        .satisfies(p -> assertThat(p.caller().name()).isEqualTo("alice"));
  }

  @Test
  void deletes_andACollection_announceThemselves() throws Exception {
    TestImages.Image image = TestImages.ociImage("amd64", "deleted");
    Digest digest = image.push(alice, "team/deleted", "v1");
    seen.clear();

    RegistryClient.requireStatus(alice.delete("/v2/team/deleted/manifests/v1"), 202);
    RegistryClient.requireStatus(alice.delete("/v2/team/deleted/manifests/" + digest), 202);
    RegistryClient.requireStatus(
        alice.delete("/v2/team/deleted/blobs/" + image.config().digest()), 202);
    RegistryClient.requireStatus(alice.post("/berth/v1/gc?graceSeconds=0", new byte[0]), 200);

    assertThat(await(RegistryEvent.TagDeleted.class, 1).get(0).tag().value()).isEqualTo("v1");
    assertThat(await(RegistryEvent.ManifestDeleted.class, 1).get(0).digest()).isEqualTo(digest);
    assertThat(await(RegistryEvent.BlobDeleted.class, 1).get(0).digest())
        .isEqualTo(image.config().digest());
    RegistryEvent.GarbageCollected gc = await(RegistryEvent.GarbageCollected.class, 1).get(0);
    assertThat(gc.caller().name()).isEqualTo("alice");
    assertThat(gc.outcome()).isEqualTo("completed");
    assertThat(gc.blobsDeleted()).isPositive();
  }

  @Test
  void aWrongPassword_isALoginFailure_namingTheUserButNeverThePassword() throws Exception {
    new RegistryClient(engine.url()).withBasicAuth("alice", "not her password").get("/v2/");

    RegistryEvent.LoginFailed failed = await(RegistryEvent.LoginFailed.class, 1).get(0);
    assertThat(failed.caller().name()).isEqualTo("alice");
    assertThat(failed.reason()).isEqualTo("wrong password");
    assertThat(failed.toString()).doesNotContain("not her password");
  }

  /** Waits (events arrive off the request path) for {@code count} events of {@code type}. */
  private static <T extends RegistryEvent> List<T> await(Class<T> type, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<T> found = new ArrayList<>();
      seen.stream().filter(type::isInstance).map(type::cast).forEach(found::add);
      if (found.size() >= count) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + count + " " + type.getSimpleName() + " within 10 s, saw " + seen);
      }
      Thread.sleep(10);
    }
  }
}
