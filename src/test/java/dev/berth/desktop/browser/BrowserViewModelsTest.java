package dev.berth.desktop.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.browse.LayerEntry;
import dev.berth.browse.LayerFileTree;
import dev.berth.browse.TagSummary;
import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.dashboard.DashboardViewModel;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser's view models against a real engine, without the FX toolkit: background work runs on
 * the test thread, so each action has finished when it returns.
 */
class BrowserViewModelsTest {
  private static final RepositoryName API = new RepositoryName("team/app/api");

  @TempDir Path root;
  private ViewModelHarness h;
  private RepositoryTreeViewModel tree;
  private TagsViewModel tags;
  private ManifestViewModel manifest;
  private LayerFilesViewModel files;
  private RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    h = new ViewModelHarness(root);
    tree = new RepositoryTreeViewModel(h.server, h.selection, h.tasks, h::confirm, h.messages);
    tags =
        new TagsViewModel(h.server, h.selection, h.tasks, h::confirm, h.clipboard::add, h.messages);
    manifest = new ManifestViewModel(h.server, h.selection, h.tasks);
    files = new LayerFilesViewModel(h.server, h.selection, h.tasks);
    h.server.start();
    client = h.client();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void tree_groupsByNamespace_andFilters() throws Exception {
    TestImages.appImage("api").push(client, "team/app/api", "1.0");
    TestImages.appImage("web").push(client, "team/web", "1.0");
    TestImages.appImage("tools").push(client, "tools", "1.0");

    tree.reload();

    NamespaceNode rootNode = tree.rootProperty().get();
    assertThat(rootNode.children())
        .extracting(NamespaceNode::name)
        .containsExactly("team", "tools");
    NamespaceNode team = rootNode.children().get(0);
    assertThat(team.repositoryCount()).isEqualTo(2);
    assertThat(team.tagCount()).isEqualTo(2);
    assertThat(team.children().get(0).children().get(0).repository().name()).isEqualTo(API);
    assertThat(tree.summaryProperty().get()).isEqualTo("3 repositories");

    tree.filterProperty().set("web");

    assertThat(tree.rootProperty().get().children())
        .extracting(NamespaceNode::name)
        .containsExactly("team");
    assertThat(tree.rootProperty().get().repositoryCount()).isEqualTo(1);

    tree.filterProperty().set("nothing-like-this");

    assertThat(tree.summaryProperty().get())
        .isEqualTo("No repository name contains 'nothing-like-this'.");
  }

  @Test
  void tree_aRefreshUnderTheSameFilter_isOne_evenAfterAFilterThatChangedNothing() throws Exception {
    TestImages.appImage("api").push(client, "team/api", "1.0");
    tree.reload();
    NamespaceNode first = tree.rootProperty().get();

    tree.reload(); // nothing changed: the tree is left alone
    assertThat(tree.rootProperty().get()).isSameAs(first);

    tree.filterProperty().set("team"); // matches everything: still the same tree
    assertThat(tree.rootProperty().get()).isSameAs(first);

    TestImages.appImage("web").push(client, "team/web", "1.0");
    tree.reload(); // a live update under the filter the person sees
    assertThat(tree.rootProperty().get().repositoryCount()).isEqualTo(2);
    assertThat(tree.rootIsARefresh()).isTrue();

    tree.filterProperty().set("web");
    assertThat(tree.rootIsARefresh()).as("a new filter starts over").isFalse();
  }

  @Test
  void selectingARepository_loadsItsTagsInPages() throws Exception {
    Image image = TestImages.appImage("api");
    image.push(client, API.value(), "t000");
    String manifestJson =
        new String(
            h.engine().metadata().manifests().get(API, image.digest()).orElseThrow().content(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 1; i < TagsViewModel.PAGE_SIZE + 5; i++) {
      client.pushManifest(
          API.value(),
          String.format("t%03d", i),
          MediaTypes.OCI_MANIFEST,
          manifestJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    h.selection.repositoryProperty().set(API);

    assertThat(tags.tags()).hasSize(TagsViewModel.PAGE_SIZE);
    assertThat(tags.hasMoreProperty().get()).isTrue();
    assertThat(tags.titleProperty().get()).isEqualTo("team/app/api · 200+ tags");

    tags.loadMore();

    assertThat(tags.tags()).hasSize(TagsViewModel.PAGE_SIZE + 5);
    assertThat(tags.hasMoreProperty().get()).isFalse();
    assertThat(tags.tags().get(204).row().tag()).isEqualTo("t204");
  }

  @Test
  void selectingATag_showsPullCommands_copiesThem_andOpensTheManifest() throws Exception {
    Image image = TestImages.appImage("api");
    image.push(client, API.value(), "1.0");
    h.selection.repositoryProperty().set(API);

    tags.selectedTagProperty().set(tags.tags().get(0));

    assertThat(tags.pullByTagProperty().get())
        .isEqualTo("docker pull " + h.pullHost() + "/team/app/api:1.0");
    assertThat(tags.pullByDigestProperty().get())
        .isEqualTo("docker pull " + h.pullHost() + "/team/app/api@" + image.digest());
    tags.copyPullByDigest();
    assertThat(h.clipboard).containsExactly(tags.pullByDigestProperty().get());
    assertThat(h.messages.infoProperty().get()).startsWith("Copied: docker pull");

    assertThat(h.selection.manifestProperty().get()).isEqualTo(image.digest());
    assertThat(manifest.entrypointProperty().get()).isEqualTo("java -jar /app/api.jar");
    assertThat(manifest.env()).contains("APP_NAME=api");
    assertThat(manifest.labels())
        .extracting(e -> e.getKey() + "=" + e.getValue())
        .contains("org.opencontainers.image.title=api");
    assertThat(manifest.history()).hasSize(3);
    assertThat(manifest.layers()).hasSize(2);
    assertThat(ManifestViewModel.sharing(manifest.layers().get(0))).isEqualTo("only this image");
    assertThat(manifest.sizeSummaryProperty().get())
        .startsWith("2 layers, ")
        .contains("Deleting this image frees");
  }

  @Test
  void openingALayer_listsItsFiles_withWhiteouts() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    h.selection.repositoryProperty().set(API);
    tags.selectedTagProperty().set(tags.tags().get(0));

    manifest.openLayer(manifest.layers().get(1));

    LayerFileTree.Node layerRoot = files.rootProperty().get();
    assertThat(layerRoot.children())
        .extracting(LayerFileTree.Node::name)
        .containsExactly("app", "etc");
    LayerFileTree.Node etc = layerRoot.children().get(1);
    assertThat(etc.children().get(0).entry().kind()).isEqualTo(LayerEntry.Kind.WHITEOUT);
    assertThat(LayerFilesViewModel.describe(etc.children().get(0)))
        .isEqualTo("deleted by this layer");
    assertThat(files.summaryProperty().get())
        .contains("4 entries")
        .contains("(zstd)")
        .contains("1 whiteout");
    assertThat(files.loadingProperty().get()).isFalse();
  }

  @Test
  void anIndex_listsPlatforms_andOpensThem() throws Exception {
    Image amd64 = TestImages.appImage("api");
    amd64.push(client, API.value(), "amd64");
    Image arm64 = TestImages.appImage("api-arm", "arm64", "v8");
    arm64.push(client, API.value(), "arm64");
    Digest index =
        TestImages.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64))
            .pushAsManifest(client, API.value(), "multi");
    h.selection.repositoryProperty().set(API);
    TagSummary multi =
        tags.tags().stream().filter(t -> t.row().tag().equals("multi")).findFirst().orElseThrow();

    tags.selectedTagProperty().set(multi);

    assertThat(manifest.indexProperty().get()).isTrue();
    assertThat(manifest.children())
        .extracting(d -> d.platform().toString())
        .containsExactly("linux/amd64", "linux/arm64/v8");

    manifest.openChild(manifest.children().get(1));

    assertThat(manifest.indexProperty().get()).isFalse();
    assertThat(manifest.insideIndexProperty().get()).isTrue();
    assertThat(manifest.entrypointProperty().get()).contains("api-arm.jar");

    manifest.backToIndex();

    assertThat(h.selection.manifestProperty().get()).isEqualTo(index);
    assertThat(manifest.indexProperty().get()).isTrue();
  }

  @Test
  void deleteTag_asksFirst_andDoesNothingWhenDeclined() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    h.selection.repositoryProperty().set(API);
    tags.selectedTagProperty().set(tags.tags().get(0));
    h.confirmAnswer = false;

    tags.deleteSelectedTag();

    assertThat(h.confirmations).containsExactly("Delete tag");
    assertThat(tags.tags()).hasSize(1);
  }

  @Test
  void deleteTag_whenConfirmed_removesItAndRefreshesTheTree() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    TestImages.appImage("api2").push(client, API.value(), "2.0");
    tree.reload();
    h.selection.repositoryProperty().set(API);
    tags.selectedTagProperty().set(tags.tags().get(0));

    tags.deleteSelectedTag();

    assertThat(tags.tags()).extracting(t -> t.row().tag()).containsExactly("2.0");
    assertThat(h.messages.infoProperty().get()).isEqualTo("Deleted the tag team/app/api:1.0.");
    assertThat(tree.rootProperty().get().tagCount()).isEqualTo(1);
  }

  @Test
  void deleteImage_removesTheManifestAndItsTags() throws Exception {
    TestImages.appImage("api").push(client, API.value(), "1.0");
    h.selection.repositoryProperty().set(API);
    tags.selectedTagProperty().set(tags.tags().get(0));

    tags.deleteSelectedManifest();

    assertThat(h.confirmations).containsExactly("Delete image");
    assertThat(tags.tags()).isEmpty();
  }

  @Test
  void dashboard_countsWhatWasPushed() throws Exception {
    DashboardViewModel dashboard = new DashboardViewModel(h.server, h.tasks);
    TestImages.appImage("api").push(client, API.value(), "1.0");
    TestImages.appImage("web").push(client, "team/web", "2.0");

    dashboard.refresh();

    assertThat(dashboard.repositoriesProperty().get()).isEqualTo("2");
    assertThat(dashboard.tagsProperty().get()).isEqualTo("2");
    assertThat(dashboard.blobsProperty().get()).isEqualTo("5");
    assertThat(dashboard.storageUsedProperty().get()).endsWith("KiB");
    assertThat(dashboard.recentPushes())
        .anyMatch(s -> s.startsWith("team/app/api:1.0   pushed ") && s.endsWith(" from 127.0.0.1"));
    // The harness listens on 127.0.0.1: nobody else can reach it, and the dashboard says how to
    // change that.
    assertThat(dashboard.teammatesProperty().get())
        .startsWith("Only this computer can reach the registry")
        .contains("0.0.0.0:" + h.server.registryProperty().get().url().getPort());
    assertThat(dashboard.teammateCommandsProperty().get()).isEmpty();

    h.server.stop();

    assertThat(dashboard.repositoriesProperty().get()).isEqualTo("–");
    assertThat(dashboard.teammatesProperty().get()).isEmpty();
  }
}
