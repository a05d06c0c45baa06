package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.BerthEngine;
import dev.berth.engine.EngineConfig;
import dev.berth.engine.ListenAddress;
import dev.berth.oci.Digest;
import dev.berth.testing.ConsoleCapture;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth check}: bytes flipped on disk, a blob file deleted and a stray file are found and
 * named with the images they break; {@code --repair} moves the damage aside and forgets what is
 * lost, and pushing the images again heals the registry.
 */
class CheckCommandTest {
  @TempDir Path data;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void aHealthyRegistry_passes() throws Exception {
    try (BerthEngine engine = start()) {
      TestImages.ociImage("amd64", "fine").push(new RegistryClient(engine.url()), "team/app", "v1");
    }

    assertThat(BerthCommand.run("check", "--data", data.toString())).isZero();
    assertThat(console.out())
        .contains("Checked 2 blobs")
        .contains("1 manifests")
        .contains("No damage found: every blob and manifest matches its digest.");
  }

  @Test
  void damageIsFoundAndNamed_repairMovesItAside_andAPushHealsIt() throws Exception {
    TestImages.Image flipped = TestImages.ociImage("amd64", "flipped");
    TestImages.Image lost = TestImages.ociImage("arm64", "lost");
    try (BerthEngine engine = start()) {
      RegistryClient client = new RegistryClient(engine.url());
      flipped.push(client, "team/app", "v1");
      lost.push(client, "team/app", "v2");
    }
    Digest flippedLayer = flipped.layers().get(0).digest();
    Digest lostLayer = lost.layers().get(0).digest();
    byte[] bytes = Files.readAllBytes(blobFile(flippedLayer));
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(blobFile(flippedLayer), bytes);
    Files.delete(blobFile(lostLayer));
    byte[] stray = new byte[4096];
    new Random(1).nextBytes(stray);
    Path strayFile = blobFile(Digest.sha256(stray));
    Files.createDirectories(strayFile.getParent());
    Files.write(strayFile, stray);

    assertThat(BerthCommand.run("check", "--data", data.toString()))
        .isEqualTo(CheckCommand.DAMAGE_FOUND);
    assertThat(console.out())
        .contains("Damaged blobs (1): bytes do not match the digest")
        .contains(flippedLayer + " (")
        .contains("needed by team/app:v1")
        .contains("Missing blobs (1): recorded, but its file is gone")
        .contains(lostLayer + " (137 B), needed by team/app:v2")
        .contains("Leftovers: 1 files (4.0 KiB) no metadata refers to")
        .contains("Run with --repair");
    assertThat(blobFile(flippedLayer)).as("a check alone changes nothing").exists();

    console.reset();
    assertThat(BerthCommand.run("check", "--data", data.toString(), "--repair"))
        .isEqualTo(CheckCommand.DAMAGE_FOUND);
    assertThat(console.out())
        .contains("moved to storage/damaged/sha256-" + flippedLayer.hex())
        .contains("forgotten, so the next push uploads it again")
        .contains("Repaired what is safe: push the images named above again");
    assertThat(blobFile(flippedLayer)).doesNotExist();
    try (Stream<Path> damaged = Files.list(data.resolve("storage/damaged"))) {
      Path kept = damaged.findFirst().orElseThrow();
      assertThat(Files.readAllBytes(kept))
          .as("damaged bytes are kept for a person")
          .isEqualTo(bytes);
    }

    console.reset();
    assertThat(BerthCommand.run("check", "--data", data.toString()))
        .isEqualTo(CheckCommand.DAMAGE_FOUND);
    assertThat(console.out())
        .contains("Broken images (2): references a blob this registry does not have")
        .contains("team/app@" + flipped.digest())
        .contains("team/app@" + lost.digest());

    try (BerthEngine engine = start()) {
      RegistryClient client = new RegistryClient(engine.url());
      assertThat(client.head("/v2/team/app/blobs/" + flippedLayer).statusCode())
          .as("a forgotten blob is unknown, so clients upload it again")
          .isEqualTo(404);
      flipped.push(client, "team/app", "v1");
      lost.push(client, "team/app", "v2");
      assertThat(client.get("/v2/team/app/blobs/" + flippedLayer).body())
          .isEqualTo(flipped.layers().get(0).bytes());
    }
    console.reset();
    assertThat(BerthCommand.run("check", "--data", data.toString())).isZero();
    assertThat(console.out()).contains("No damage found");
  }

  private BerthEngine start() throws Exception {
    return BerthEngine.start(EngineConfig.of(new ListenAddress("127.0.0.1", 0), data));
  }

  private Path blobFile(Digest digest) {
    return data.resolve("storage/blobs/sha256")
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }
}
