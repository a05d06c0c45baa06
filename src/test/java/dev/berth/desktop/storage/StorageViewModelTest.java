package dev.berth.desktop.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.desktop.ViewModelHarness;
import dev.berth.desktop.browser.NamespaceNode;
import dev.berth.desktop.browser.RepositoryTreeViewModel;
import dev.berth.gc.GcScheduler;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.GcMetadata.GcRun;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.testing.TestImages;
import dev.berth.testing.TestImages.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Storage view model against a real engine, without the FX toolkit: garbage is pushed over
 * HTTP, the dry run must name its exact bytes, and the collection must remove the blob files.
 */
class StorageViewModelTest {
  @TempDir Path root;
  private ViewModelHarness h;
  private StorageViewModel storage;

  @BeforeEach
  void start() throws Exception {
    h = new ViewModelHarness(root);
    // Content pushed a moment ago is garbage for these tests; the app keeps an hour by default.
    h.settings.update(s -> s.withGcGraceMinutes(0));
    storage =
        new StorageViewModel(h.settings, h.server, h.tasks, Runnable::run, h::confirm, h.messages);
    h.server.start();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Path blobFile(Digest digest) {
    String hex = digest.hex();
    return root.resolve("data/storage/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Pushes an unreferenced blob of {@code size} random bytes. */
  private Digest pushGarbage(String repository, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return h.client().pushBlob(repository, bytes);
  }

  @Test
  void usage_showsTheLargestRepositories_andTheRestAsOthers() {
    List<RepositorySummary> repositories = new ArrayList<>();
    IntStream.rangeClosed(1, 11)
        .forEach(
            i ->
                repositories.add(
                    new RepositorySummary(new RepositoryName("repo" + i), 1, 1, i * 1000L)));

    List<StorageViewModel.Usage> usage = StorageViewModel.topAndOthers(repositories);

    assertThat(usage).hasSize(StorageViewModel.TOP + 1);
    assertThat(usage.get(0)).isEqualTo(new StorageViewModel.Usage("repo11", 11_000));
    assertThat(usage.get(StorageViewModel.TOP))
        .isEqualTo(new StorageViewModel.Usage("3 others", 6_000));
  }

  @Test
  void refresh_showsTotalsAndUsageByRepository() throws Exception {
    TestImages.appImage("app").push(h.client(), "team/app", "1.0");
    pushGarbage("team/junk", 4096, 1);

    storage.refresh();

    assertThat(storage.usage())
        .extracting(StorageViewModel.Usage::label)
        .containsExactly("team/app");
    assertThat(storage.totalBytesProperty().get()).isNotEqualTo("–");
    assertThat(storage.summaryProperty().get()).startsWith("4 blobs in 1 repository.");
  }

  @Test
  void dryRun_listsTheGarbageAndItsBytes_thenCollectFreesThem() throws Exception {
    Image kept = TestImages.appImage("app");
    kept.push(h.client(), "team/app", "1.0");
    Digest garbage1 = pushGarbage("team/app", 10_000, 1);
    Digest garbage2 = pushGarbage("team/other", 2_345, 2);

    storage.dryRun();

    assertThat(storage.planSummaryProperty().get())
        .isEqualTo(
            "Would free 12.1 KiB: 0 manifests, 2 blobs, 0 files without metadata, 0 stale uploads.");
    assertThat(storage.planItems()).hasSize(2).allMatch(s -> s.startsWith("blob "));
    assertThat(blobFile(garbage1)).exists();
    // Issue 15: a dry run is recorded too (it used to be a plan only, missing from the history).
    assertThat(h.engine().metadata().gc().recentRuns(5)).singleElement().matches(GcRun::dryRun);

    h.confirmAnswer = false;
    storage.collect();
    assertThat(h.confirmations).containsExactly("Collect 12.1 KiB");
    assertThat(blobFile(garbage1)).exists();

    h.confirmAnswer = true;
    storage.collect();

    assertThat(blobFile(garbage1)).doesNotExist();
    assertThat(blobFile(garbage2)).doesNotExist();
    assertThat(blobFile(kept.config().digest())).exists();
    assertThat(kept.layers()).allMatch(layer -> Files.exists(blobFile(layer.digest())));
    assertThat(storage.history()).hasSize(2);
    GcRun run = storage.history().get(0);
    assertThat(run.outcome()).isEqualTo("completed");
    assertThat(run.dryRun()).isFalse();
    assertThat(run.blobsDeleted()).isEqualTo(2);
    assertThat(run.bytesFreed()).isEqualTo(12_345);
    assertThat(storage.phaseProperty().get()).isEqualTo("Done");
    assertThat(storage.collectingProperty().get()).isFalse();
    assertThat(h.messages.infoProperty().get())
        .isEqualTo("Garbage collection completed: freed 12.1 KiB (0 manifests, 2 blobs).");
  }

  @Test
  void deleteUntagged_alsoCollectsImagesWithoutTags() throws Exception {
    Image untagged = TestImages.appImage("old-app");
    untagged.push(h.client(), "team/app", "old");
    TestImages.appImage("new-app").push(h.client(), "team/app", "old"); // the tag moves on

    storage.dryRun();
    assertThat(storage.planSummaryProperty().get()).startsWith("Nothing to collect");

    storage.deleteUntaggedProperty().set(true);
    storage.collect();

    assertThat(blobFile(untagged.config().digest())).doesNotExist();
    assertThat(storage.history().get(0).manifestsDeleted()).isEqualTo(1);
    assertThat(storage.history().get(0).deleteUntagged()).isTrue();
  }

  @Test
  void schedule_isSavedInTheSettings_andAppliedToTheRunningEngine() {
    storage.scheduleEnabledProperty().set(true);
    storage.scheduleHoursProperty().set("many");
    assertThat(storage.saveSchedule()).isFalse();
    assertThat(storage.scheduleFeedbackProperty().get()).contains("is not a number of hours");

    storage.scheduleHoursProperty().set("6");
    storage.scheduleDeleteUntaggedProperty().set(true);
    assertThat(storage.saveSchedule()).isTrue();

    assertThat(h.settings.store().load().gcEveryHours()).isEqualTo(6);
    assertThat(h.settings.store().load().gcDeleteUntagged()).isTrue();
    GcScheduler.Schedule schedule = h.engine().gcScheduler().get().orElseThrow();
    assertThat(schedule.interval()).isEqualTo(Duration.ofHours(6));
    assertThat(schedule.options().deleteUntagged()).isTrue();
    assertThat(storage.scheduleFeedbackProperty().get())
        .isEqualTo("Collects garbage every 6 hours, deleting untagged images.");

    storage.scheduleEnabledProperty().set(false);
    assertThat(storage.saveSchedule()).isTrue();
    assertThat(h.engine().gcScheduler().get()).isEmpty();
    assertThat(h.settings.store().load().gcEveryHours()).isZero();
  }

  @Test
  void savedSchedule_isPartOfTheEngineConfigAtStart() throws Exception {
    h.settings.update(s -> s.withGcSchedule(12, false));
    h.server.restart();

    assertThat(h.engine().gcScheduler().get().orElseThrow().interval())
        .isEqualTo(Duration.ofHours(12));
  }

  @Test
  void deleteRepository_asksFirst_honoursTheDeleteSetting_andFreesItsBytesOnTheNextCollection()
      throws Exception {
    Image doomed = TestImages.appImage("doomed");
    doomed.push(h.client(), "team/doomed", "1.0");
    TestImages.appImage("app").push(h.client(), "team/app", "1.0");
    RepositoryTreeViewModel tree =
        new RepositoryTreeViewModel(h.server, h.selection, h.tasks, h::confirm, h.messages);
    tree.reload();
    NamespaceNode node =
        tree.rootProperty().get().children().get(0).children().stream()
            .filter(n -> n.name().equals("doomed"))
            .findFirst()
            .orElseThrow();

    h.confirmAnswer = false;
    tree.deleteRepository(node);
    assertThat(h.confirmations).containsExactly("Delete repository");
    assertThat(h.server.registryProperty().get().browser().repositories("doomed", 10)).hasSize(1);

    h.confirmAnswer = true;
    tree.deleteRepository(node);
    assertThat(h.server.registryProperty().get().browser().repositories("doomed", 10)).isEmpty();
    assertThat(h.messages.infoProperty().get()).startsWith("Deleted the repository team/doomed.");

    storage.collect();
    assertThat(blobFile(doomed.config().digest())).doesNotExist();
    assertThat(blobFile(doomed.layers().get(0).digest()))
        .exists(); // the base layer is shared with team/app
  }

  @Test
  void deleteRepository_isRefusedWhenDeletionIsOff() throws Exception {
    TestImages.appImage("app").push(h.client(), "team/app", "1.0");
    h.settings.update(s -> s.withServer(s.address(), s.dataDirectory(), false));
    h.server.restart();
    RepositoryTreeViewModel tree =
        new RepositoryTreeViewModel(h.server, h.selection, h.tasks, h::confirm, h.messages);
    tree.reload();
    NamespaceNode node = tree.rootProperty().get().children().get(0).children().get(0);

    assertThat(tree.deleteEnabled()).isFalse();
    tree.deleteRepository(node);

    assertThat(h.confirmations).isEmpty();
    assertThat(h.messages.problemProperty().get()).contains("deletion is turned off");
    assertThat(h.server.registryProperty().get().browser().repositories("", 10)).hasSize(1);
  }
}
