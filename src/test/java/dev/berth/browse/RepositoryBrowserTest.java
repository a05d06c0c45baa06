package dev.berth.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.BrowseMetadata.Totals;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Page;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser read model against a real engine, filled through the real HTTP API. */
class RepositoryBrowserTest {
  private static final RepositoryName API = new RepositoryName("team/app/api");
  private static final RepositoryName WEB = new RepositoryName("team/web");

  @TempDir Path data;
  private BerthEngine engine;
  private RegistryClient client;

  @BeforeEach
  void start() throws IOException {
    engine = BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data));
    client = new RegistryClient(engine.url());
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private RepositoryBrowser browser() {
    return new RepositoryBrowser(engine.metadata(), engine.blobs(), new ObjectMapper());
  }

  @Test
  void repositories_summariseTagsAndLinkedBytes_andFilterByName() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    TestImages.appImage("api2").push(client, API.value(), "1.1");
    TestImages.appImage("web").push(client, WEB.value(), "latest");

    List<RepositorySummary> all = browser().repositories("", 100);
    List<RepositorySummary> filtered = browser().repositories("WEB".toLowerCase(), 100);

    assertThat(all).extracting(RepositorySummary::name).containsExactly(API, WEB);
    assertThat(all.get(0).tagCount()).isEqualTo(2);
    assertThat(all.get(0).manifestCount()).isEqualTo(2);
    assertThat(all.get(0).totalBytes()).isPositive();
    assertThat(filtered).extracting(RepositorySummary::name).containsExactly(WEB);
    assertThat(browser().repositories("100%_", 100)).isEmpty();
  }

  @Test
  void tags_arePagedAndCarrySizesAndIndexPlatforms() throws Exception {
    Image amd64 = TestImages.appImage("api");
    amd64.push(client, API.value(), "amd64");
    Image arm64 = TestImages.appImage("api-arm", "arm64", "v8");
    arm64.push(client, API.value(), "arm64");
    Digest index =
        TestImages.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64))
            .pushAsManifest(client, API.value(), "multi");

    Page<TagSummary> first = browser().tags(API, null, 2);
    Page<TagSummary> second = browser().tags(API, first.nextAfter(), 2);

    assertThat(first.items()).extracting(t -> t.row().tag()).containsExactly("amd64", "arm64");
    assertThat(first.hasMore()).isTrue();
    assertThat(second.items()).extracting(t -> t.row().tag()).containsExactly("multi");
    assertThat(second.hasMore()).isFalse();
    TagSummary multi = second.items().get(0);
    assertThat(multi.row().digest()).isEqualTo(index);
    assertThat(multi.row().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(multi.platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
    assertThat(multi.row().contentBytes())
        .isEqualTo(
            first.items().get(0).row().contentBytes() + first.items().get(1).row().contentBytes());
  }

  @Test
  void details_readConfig_andCountSharedLayers() throws Exception {
    Image api = TestImages.appImage("api");
    api.push(client, API.value(), "1.0");
    TestImages.appImage("web").push(client, WEB.value(), "latest");

    ImageDetails details = browser().details(API, api.digest());

    assertThat(details.config().entrypoint()).containsExactly("java", "-jar", "/app/api.jar");
    assertThat(details.config().env()).contains("APP_NAME=api");
    assertThat(details.config().labels()).containsEntry("org.opencontainers.image.title", "api");
    assertThat(details.config().history()).hasSize(3);
    assertThat(details.config().history().get(2).emptyLayer()).isTrue();
    assertThat(details.layers()).hasSize(2);
    ImageDetails.LayerUsage base = details.layers().get(0);
    ImageDetails.LayerUsage app = details.layers().get(1);
    assertThat(base.sharedBy()).as("the base layer is in both images").isEqualTo(2);
    assertThat(app.exclusive()).isTrue();
    assertThat(details.exclusiveBytes())
        .as("the app layer and the config are only this image's")
        .isEqualTo(app.layer().size() + details.configDescriptor().size());
  }

  @Test
  void details_listReferrers() throws Exception {
    Image api = TestImages.appImage("api");
    api.push(client, API.value(), "1.0");
    Digest sbom =
        TestImages.referrer(api, "application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}")
            .push(client, API.value());

    ImageDetails details = browser().details(API, api.digest());

    assertThat(details.referrers()).extracting(d -> d.digest()).containsExactly(sbom);
    assertThat(details.referrers().get(0).artifactType()).isEqualTo("application/spdx+json");
  }

  @Test
  void layerContents_streamsTheStoredBlob() throws Exception {
    Image api = TestImages.appImage("api");
    api.push(client, API.value(), "1.0");
    ImageDetails details = browser().details(API, api.digest());

    LayerListing base =
        browser().layerContents(details.layers().get(0).layer(), n -> {}, () -> false);
    LayerListing app =
        browser().layerContents(details.layers().get(1).layer(), n -> {}, () -> false);

    assertThat(base.compression()).isEqualTo(LayerTarReader.Compression.GZIP);
    assertThat(base.entries()).extracting(LayerEntry::path).contains("bin/sh", "etc/os-release");
    assertThat(app.compression()).isEqualTo(LayerTarReader.Compression.ZSTD);
    assertThat(app.entries())
        .filteredOn(e -> e.kind() == LayerEntry.Kind.WHITEOUT)
        .extracting(LayerEntry::path)
        .containsExactly("etc/os-release");
  }

  @Test
  void totalsAndRecentPushes_describeTheRegistry() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    TestImages.appImage("web").push(client, WEB.value(), "latest");

    Totals totals = browser().totals();

    assertThat(totals.repositories()).isEqualTo(2);
    assertThat(totals.tags()).isEqualTo(2);
    assertThat(totals.blobs()).as("shared base layer, two app layers, two configs").isEqualTo(5);
    assertThat(browser().recentPushes(10))
        .extracting(a -> a.repository() + ":" + a.tags())
        .containsExactlyInAnyOrder("team/web:[latest]", "team/app/api:[1.0]");
  }

  /** Issue 15, item 10: "Recent pushes" showed an image's first push, not its tag's latest push. */
  @Test
  void recentPushes_orderByTheLatestTagPush_notTheImagesFirstPush() throws Exception {
    Image api = TestImages.appImage("api");
    api.push(client, API.value(), "1.0");
    TestImages.appImage("web").push(client, WEB.value(), "latest");
    Instant before = Instant.now();

    client.pushManifest(API.value(), "stable", api.manifest().mediaType(), api.manifest().bytes());

    var pushes = browser().recentPushes(10);
    assertThat(pushes.get(0).repository()).isEqualTo(API);
    assertThat(pushes.get(0).tags()).containsExactly("1.0", "stable");
    assertThat(pushes.get(0).at()).isAfterOrEqualTo(before);
    assertThat(pushes.get(0).pushedBy()).isEqualTo("anonymous@127.0.0.1");
  }

  /** Issue 15, item 10: "Recent pushes" never said who pushed. */
  @Test
  void recentPushes_sayWhoPushed_andWhoMovedTheTagLast(@TempDir Path authData) throws Exception {
    dev.berth.testing.TestUsers.in(authData)
        .add("alice", "alice-pw", false)
        .add("bob", "bob-pw", false)
        .create();
    try (BerthEngine secured =
        BerthEngine.start(
            EngineConfig.of(new ListenAddress("127.0.0.1", 0), authData)
                .withAuth(
                    new dev.berth.engine.AuthSettings(
                        dev.berth.engine.AuthSettings.Mode.BASIC, false)))) {
      RegistryClient alice = new RegistryClient(secured.url()).withBasicAuth("alice", "alice-pw");
      RegistryClient bob = new RegistryClient(secured.url()).withBasicAuth("bob", "bob-pw");
      Image api = TestImages.appImage("api");
      api.push(alice, API.value(), "1.0");
      Image web = TestImages.appImage("web");
      web.push(alice, WEB.value(), "latest");
      bob.pushManifest(API.value(), "stable", api.manifest().mediaType(), api.manifest().bytes());

      var pushes =
          new RepositoryBrowser(secured.metadata(), secured.blobs(), new ObjectMapper())
              .recentPushes(10);
      assertThat(pushes)
          .extracting(a -> a.repository() + " " + a.pushedBy())
          .containsExactly("team/app/api bob@127.0.0.1", "team/web alice@127.0.0.1");
    }
  }
}
