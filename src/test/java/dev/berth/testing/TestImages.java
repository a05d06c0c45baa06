package dev.berth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real, runnable-shaped images for tests: gzip tar layers, a config whose diff_ids match them, and
 * manifests and indexes built as clients build them.
 */
public final class TestImages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestImages() {}

  /** Content plus its descriptor fields. */
  public record Blob(String mediaType, byte[] bytes) {
    public Digest digest() {
      return Digest.sha256(bytes);
    }

    public Map<String, Object> descriptor() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", mediaType);
      d.put("digest", digest().toString());
      d.put("size", bytes.length);
      return d;
    }
  }

  /** An image manifest with its config and layers. */
  public record Image(String architecture, Blob config, List<Blob> layers, Blob manifest) {
    public Digest digest() {
      return manifest.digest();
    }

    public List<Blob> blobs() {
      List<Blob> all = new ArrayList<>(layers);
      all.add(0, config);
      return all;
    }

    /** Uploads the blobs, then the manifest under {@code reference}. */
    public Digest push(RegistryClient client, String repository, String reference) {
      blobs().forEach(b -> client.pushBlob(repository, b.bytes()));
      return client.pushManifest(repository, reference, manifest.mediaType(), manifest.bytes());
    }
  }

  /** An OCI image for linux/{@code architecture} with one layer per {@code layerTexts} entry. */
  public static Image ociImage(String architecture, String... layerTexts) {
    return image(MediaTypes.OCI_MANIFEST, "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.image.layer.v1.tar+gzip", architecture, layerTexts);
  }

  /** The same, in Docker schema 2 media types. */
  public static Image dockerImage(String architecture, String... layerTexts) {
    return image(MediaTypes.DOCKER_MANIFEST, "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip", architecture, layerTexts);
  }

  private static Image image(String manifestType, String configType, String layerType, String architecture,
      String... layerTexts) {
    List<Blob> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layerTexts.length; i++) {
      byte[] tar = new TarBuilder().directory("etc").file("etc/layer-" + i + ".txt", layerTexts[i]).tar();
      diffIds.add(Digest.sha256(tar).toString());
      layers.add(new Blob(layerType, TarBuilder.gzip(tar)));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", architecture);
    config.put("os", "linux");
    config.put("config", Map.of("Env", List.of("PATH=/usr/bin:/bin"), "Cmd", List.of("/bin/sh")));
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    Blob configBlob = new Blob(configType, json(config));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", manifestType);
    manifest.put("config", configBlob.descriptor());
    manifest.put("layers", layers.stream().map(Blob::descriptor).toList());
    return new Image(architecture, configBlob, layers, new Blob(manifestType, json(manifest)));
  }

  /** An index (OCI or Docker list) over linux images. */
  public static Blob index(String mediaType, List<Image> images) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Image image : images) {
      Map<String, Object> d = image.manifest().descriptor();
      d.put("platform", Map.of("os", "linux", "architecture", image.architecture()));
      entries.add(d);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", mediaType);
    index.put("manifests", entries);
    return new Blob(mediaType, json(index));
  }

  /** An OCI 1.1 artifact (e.g. a signature) whose subject is {@code subject}. */
  public static Image referrer(Image subject, String artifactType, String payload) {
    Blob empty = new Blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    Blob layer = new Blob("application/octet-stream", payload.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("artifactType", artifactType);
    manifest.put("config", empty.descriptor());
    manifest.put("layers", List.of(layer.descriptor()));
    manifest.put("subject", subject.manifest().descriptor());
    manifest.put("annotations", Map.of("org.opencontainers.image.created", "2026-11-27T00:00:00Z"));
    return new Image("", empty, List.of(layer), new Blob(MediaTypes.OCI_MANIFEST, json(manifest)));
  }

  /**
   * Writes an OCI image layout (what {@code skopeo copy oci:DIR:TAG} reads) holding {@code
   * images} and {@code index} under {@code tag}.
   */
  public static void writeOciLayout(Path dir, String tag, Blob topManifest, List<Image> images) {
    try {
      Path blobs = dir.resolve("blobs/sha256");
      Files.createDirectories(blobs);
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      for (Image image : images) {
        for (Blob b : image.blobs()) {
          Files.write(blobs.resolve(b.digest().hex()), b.bytes());
        }
        Files.write(blobs.resolve(image.digest().hex()), image.manifest().bytes());
      }
      Files.write(blobs.resolve(topManifest.digest().hex()), topManifest.bytes());
      Map<String, Object> entry = topManifest.descriptor();
      entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
      Map<String, Object> index = new LinkedHashMap<>();
      index.put("schemaVersion", 2);
      index.put("manifests", List.of(entry));
      Files.write(dir.resolve("index.json"), json(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
