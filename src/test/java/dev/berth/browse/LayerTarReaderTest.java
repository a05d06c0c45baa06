package dev.berth.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.browse.LayerEntry.Kind;
import dev.berth.testing.TestLayers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LayerTarReaderTest {
  private static final String LONG_NAME =
      "usr/share/doc/" + "a-very-long-directory-name-".repeat(6) + "/README.with-a-long-name.txt";

  private final LayerTarReader reader = new LayerTarReader();

  private static TestLayers sampleLayer(TestLayers layer) throws IOException {
    return layer
        .dir("./etc", 0755)
        .file("./etc/hostname", 0644, "berth\n")
        .file("usr/bin/tool", 04755, "#!/bin/sh\necho hi\n")
        .symlink("usr/bin/alias", "tool")
        .hardlink("usr/bin/tool2", "./usr/bin/tool")
        .file("var/cache/.wh.old.log", 0, "")
        .file("opt/app/.wh..wh..opq", 0, "")
        .file(LONG_NAME, 0644, "long");
  }

  private LayerListing read(byte[] blob) throws IOException {
    return reader.read(new ByteArrayInputStream(blob), n -> {}, () -> false);
  }

  @Test
  void read_plainTar_listsFilesDirectoriesAndModes() throws IOException {
    LayerListing listing = read(sampleLayer(TestLayers.gnu()).tar());

    assertThat(listing.compression()).isEqualTo(LayerTarReader.Compression.NONE);
    assertThat(listing.entries())
        .extracting(LayerEntry::path)
        .containsExactly(
            "etc",
            "etc/hostname",
            "usr/bin/tool",
            "usr/bin/alias",
            "usr/bin/tool2",
            "var/cache/old.log",
            "opt/app",
            LONG_NAME);
    LayerEntry hostname = listing.entries().get(1);
    assertThat(hostname.kind()).isEqualTo(Kind.FILE);
    assertThat(hostname.size()).isEqualTo(6);
    assertThat(hostname.modeString()).isEqualTo("-rw-r--r--");
    assertThat(listing.entries().get(0).modeString()).isEqualTo("drwxr-xr-x");
    assertThat(listing.entries().get(2).modeString()).isEqualTo("-rwsr-xr-x");
    assertThat(listing.unpackedBytes()).isEqualTo(6 + 18 + 4);
  }

  @Test
  void read_whiteouts_nameWhatTheyRemove() throws IOException {
    LayerListing listing = read(sampleLayer(TestLayers.gnu()).tar());

    assertThat(listing.entries())
        .filteredOn(e -> e.kind() == Kind.WHITEOUT)
        .extracting(LayerEntry::path)
        .containsExactly("var/cache/old.log");
    assertThat(listing.entries())
        .filteredOn(e -> e.kind() == Kind.OPAQUE_WHITEOUT)
        .extracting(LayerEntry::path)
        .containsExactly("opt/app");
  }

  @Test
  void read_links_keepTheirTargets() throws IOException {
    LayerListing listing = read(sampleLayer(TestLayers.gnu()).tar());

    LayerEntry symlink = listing.entries().get(3);
    assertThat(symlink.kind()).isEqualTo(Kind.SYMLINK);
    assertThat(symlink.linkTarget()).isEqualTo("tool");
    assertThat(symlink.modeString()).isEqualTo("lrwxrwxrwx");
    LayerEntry hardlink = listing.entries().get(4);
    assertThat(hardlink.kind()).isEqualTo(Kind.HARDLINK);
    assertThat(hardlink.linkTarget()).isEqualTo("usr/bin/tool");
  }

  @Test
  void read_longNames_viaGnuLongLinkAndPax() throws IOException {
    assertThat(read(sampleLayer(TestLayers.gnu()).tar()).entries())
        .extracting(LayerEntry::path)
        .contains(LONG_NAME);
    assertThat(read(sampleLayer(TestLayers.pax()).tar()).entries())
        .extracting(LayerEntry::path)
        .contains(LONG_NAME);
  }

  @Test
  void read_gzipAndZstd_areRecognisedByTheirMagicBytes() throws IOException {
    LayerListing gzip = read(sampleLayer(TestLayers.gnu()).gzip());
    LayerListing zstd = read(sampleLayer(TestLayers.pax()).zstd());

    assertThat(gzip.compression()).isEqualTo(LayerTarReader.Compression.GZIP);
    assertThat(zstd.compression()).isEqualTo(LayerTarReader.Compression.ZSTD);
    assertThat(gzip.entries()).hasSize(8);
    assertThat(zstd.entries())
        .extracting(LayerEntry::path)
        .contains(LONG_NAME, "var/cache/old.log");
  }

  @Test
  void read_reportsCompressedBytesConsumed() throws IOException {
    byte[] blob = sampleLayer(TestLayers.gnu()).gzip();
    AtomicLong seen = new AtomicLong();

    reader.read(new ByteArrayInputStream(blob), seen::set, () -> false);

    assertThat(seen.get()).isPositive().isLessThanOrEqualTo(blob.length);
  }

  @Test
  void read_stopsWhenCancelled() throws IOException {
    byte[] blob = sampleLayer(TestLayers.gnu()).tar();

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(blob), n -> {}, () -> true))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void read_notATar_failsWithAnExplanation() {
    byte[] garbage = {0x1f, (byte) 0x8b, 1, 2, 3};

    assertThatThrownBy(() -> read(garbage))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a readable gzip-compressed tar archive");
  }

  @Test
  void fileTree_sumsFolderSizesAndCreatesMissingParents() throws IOException {
    LayerFileTree.Node root = LayerFileTree.of(read(sampleLayer(TestLayers.gnu()).tar()).entries());

    assertThat(root.totalSize()).isEqualTo(28);
    assertThat(root.children())
        .extracting(LayerFileTree.Node::name)
        .containsExactly("etc", "opt", "usr", "var");
    LayerFileTree.Node usr = root.children().get(2);
    assertThat(usr.entry()).isNull();
    assertThat(usr.totalSize()).isEqualTo(18 + 4); // usr/bin/tool and the long-named README
    LayerFileTree.Node app = root.children().get(1).children().get(0);
    assertThat(app.children())
        .extracting(n -> n.entry().kind())
        .containsExactly(Kind.OPAQUE_WHITEOUT);
  }
}
