package dev.berth.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.desktop.browser.NamespaceNode;
import dev.berth.metadata.BrowseMetadata.RepositorySummary;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.h2.H2MetadataStore;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size target: 10,000 repositories and 1,000 tags in one repository stay quick to list.
 * Budgets are generous (the build machine is shared and noisy); they catch a query that turned
 * quadratic, not a few milliseconds.
 */
class BrowseScaleTest {
  private static final int REPOSITORIES = 10_000;
  private static final int TAGS = 1_000;

  @TempDir static Path data;
  private static MetadataStore metadata;
  private static final RepositoryName BIG = new RepositoryName("big/one");

  @BeforeAll
  static void fill() {
    ObjectMapper json = new ObjectMapper();
    metadata = H2MetadataStore.open(data, json, java.time.Clock.systemUTC());
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Digest configDigest = Digest.sha256(config);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
            + configDigest
            + "\",\"size\":2},\"layers\":[]}";
    byte[] content = manifest.getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(content);
    ParsedManifest parsed = new ManifestParser(json).parse(content, MediaTypes.OCI_MANIFEST);
    for (int i = 0; i < REPOSITORIES; i++) {
      RepositoryName name = new RepositoryName("team-" + (i % 100) + "/service-" + i);
      metadata.blobs().link(name, configDigest, 2, () -> true);
      metadata
          .manifests()
          .put(
              name,
              digest,
              content,
              parsed,
              new Tag("latest"),
              ManifestMetadata.References.MUST_BE_PRESENT,
              null);
    }
    metadata.blobs().link(BIG, configDigest, 2, () -> true);
    for (int i = 0; i < TAGS; i++) {
      metadata
          .manifests()
          .put(
              BIG,
              digest,
              content,
              parsed,
              new Tag(String.format("v%04d", i)),
              ManifestMetadata.References.MUST_BE_PRESENT,
              null);
    }
  }

  @AfterAll
  static void close() {
    metadata.close();
  }

  @Test
  void tenThousandRepositories_listAndBuildTheTreeQuickly() {
    long start = System.nanoTime();
    List<RepositorySummary> all = metadata.browse().repositories("", 20_001);
    long listed = System.nanoTime();
    int namespaces = NamespaceNode.of(all).children().size();
    long built = System.nanoTime();

    assertThat(all).hasSize(REPOSITORIES + 1);
    assertThat(namespaces).isEqualTo(101);
    assertThat((listed - start) / 1_000_000).as("ms to list").isLessThan(5_000);
    assertThat((built - listed) / 1_000_000).as("ms to build the tree").isLessThan(1_000);
  }

  @Test
  void filtering_tenThousandRepositories_isQuick() {
    long start = System.nanoTime();
    List<RepositorySummary> found = metadata.browse().repositories("service-999", 100);

    assertThat(found)
        .extracting(r -> r.name().value())
        .contains("team-99/service-999", "team-99/service-9999");
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms to filter").isLessThan(2_000);
  }

  @Test
  void aThousandTags_arePagedQuickly() {
    long start = System.nanoTime();
    var first = metadata.browse().tags(BIG, null, 201);
    var last = metadata.browse().tags(BIG, "v0900", 201);

    assertThat(first).hasSize(201);
    assertThat(last).hasSize(99);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms for two pages").isLessThan(2_000);
  }
}
