package dev.berth.testing;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a registry:2 filesystem-driver folder by hand, file by file as distribution's {@code
 * paths.go} lays it out, for tests that need one without running docker-registry.
 */
public final class Registry2Folder {
  private final Path v2;

  public Registry2Folder(Path rootDirectory) {
    this.v2 = rootDirectory.resolve("docker/registry/v2");
  }

  /** Stores the image's blobs and manifest, links them into {@code repository} and tags it. */
  public Registry2Folder push(String repository, String tag, TestImages.Image image) {
    Path repo = v2.resolve("repositories").resolve(repository);
    for (TestImages.Blob blob : image.blobs()) {
      blob(blob.bytes());
      link(repo.resolve("_layers/sha256").resolve(blob.digest().hex()), blob.digest());
    }
    Digest manifest = blob(image.manifest().bytes());
    link(repo.resolve("_manifests/revisions/sha256").resolve(manifest.hex()), manifest);
    link(repo.resolve("_manifests/tags").resolve(tag).resolve("current"), manifest);
    link(
        repo.resolve("_manifests/tags")
            .resolve(tag)
            .resolve("index/sha256")
            .resolve(manifest.hex()),
        manifest);
    return this;
  }

  private Digest blob(byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    try {
      Path dir =
          Files.createDirectories(
              v2.resolve("blobs/sha256")
                  .resolve(digest.hex().substring(0, 2))
                  .resolve(digest.hex()));
      Files.write(dir.resolve("data"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digest;
  }

  private static void link(Path dir, Digest digest) {
    try {
      Files.writeString(Files.createDirectories(dir).resolve("link"), digest.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
