package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestRegistry;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Jib, a real third-party registry client, pushes images to Berth and pulls them back; digests must
 * round-trip.
 */
class JibPushPullTest {
  @RegisterExtension final TestRegistry registry = new TestRegistry();
  @TempDir Path temp;

  private Path appFiles() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("app"));
    Files.writeString(dir.resolve("hello.txt"), "hello from jib");
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(big);
    Files.write(dir.resolve("data.bin"), big);
    return dir;
  }

  private Containerizer to(String repository, String tag) throws Exception {
    return Containerizer.to(RegistryImage.named(registry.hostPort() + "/" + repository + ":" + tag))
        .setAllowInsecureRegistries(true)
        .setApplicationLayersCache(temp.resolve("cache-app"))
        .setBaseImageLayersCache(temp.resolve("cache-base"));
  }

  @ParameterizedTest
  @EnumSource(ImageFormat.class)
  void pushFromScratch_thenManifestDigestMatchesRegistry(ImageFormat format) throws Exception {
    Path app = appFiles();

    JibContainer pushed =
        Jib.fromScratch()
            .setFormat(format)
            .addLayer(
                List.of(app.resolve("hello.txt"), app.resolve("data.bin")),
                AbsoluteUnixPath.get("/app"))
            .setEntrypoint("/app/hello")
            .containerize(to("jib/app", "v1"));

    HttpResponse<byte[]> manifest =
        registry.client().get("/v2/jib/app/manifests/v1", "Accept", "*/*");
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
        .contains(pushed.getDigest().toString());
    assertThat(Digest.sha256(manifest.body()).toString()).isEqualTo(pushed.getDigest().toString());
  }

  @Test
  void pullBackToTarball_layersHashToTheirDigests() throws Exception {
    Path app = appFiles();
    Jib.fromScratch()
        .addLayer(List.of(app.resolve("data.bin")), AbsoluteUnixPath.get("/data"))
        .containerize(to("jib/source", "v1"));

    // Retag through Jib: it reads the image from Berth and mounts its layers across repositories.
    JibContainer copy =
        Jib.from(RegistryImage.named(registry.hostPort() + "/jib/source:v1"))
            .containerize(to("jib/copy", "v1").setAllowInsecureRegistries(true));
    Path tarball = temp.resolve("image.tar");
    JibContainer pulled =
        Jib.from(RegistryImage.named(registry.hostPort() + "/jib/copy:v1"))
            .containerize(
                Containerizer.to(TarImage.at(tarball).named("pulled:v1"))
                    .setAllowInsecureRegistries(true)
                    .setApplicationLayersCache(temp.resolve("cache2-app"))
                    .setBaseImageLayersCache(temp.resolve("cache2-base")));

    assertThat(pulled.getImageId()).isEqualTo(copy.getImageId());
    Map<String, Digest> layerDigests = layerDigestsIn(tarball);
    assertThat(layerDigests).isNotEmpty();
    var manifest =
        RegistryClient.json(registry.client().get("/v2/jib/copy/manifests/v1", "Accept", "*/*"));
    for (var layer : manifest.path("layers")) {
      Digest digest = Digest.parse(layer.path("digest").asText());
      HttpResponse<byte[]> blob = registry.client().get("/v2/jib/copy/blobs/" + digest);
      assertThat(Digest.sha256(blob.body())).isEqualTo(digest);
    }
  }

  /** Hashes every entry of a docker-save style tarball written by Jib. */
  private static Map<String, Digest> layerDigestsIn(Path tarball) throws Exception {
    Map<String, Digest> digests = new HashMap<>();
    try (InputStream in = Files.newInputStream(tarball)) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100).trim().replace("\0", "");
        long size = Long.parseLong(new String(header, 124, 11).trim(), 8);
        byte[] content = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (name.endsWith(".tar.gz")) {
          digests.put(name, Digest.sha256(content));
        }
      }
    }
    return digests;
  }
}
