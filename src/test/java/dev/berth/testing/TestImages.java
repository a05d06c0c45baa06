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
 * The one image builder for tests: real, runnable-shaped images (gzip or zstd tar layers, a config
 * whose diff_ids are the sha256 of the uncompressed tars), indexes, referrers and OCI layouts,
 * built as clients build them.
 */
public final class TestImages {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

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

    /** Pushes this blob as a manifest (an index, usually) under {@code reference}. */
    public Digest pushAsManifest(RegistryClient client, String repository, String reference) {
      return client.pushManifest(repository, reference, mediaType, bytes);
    }
  }

  /**
   * An image manifest with its config and layers, for linux/{@code architecture}[/{@code variant}].
   */
  public record Image(
      String architecture, String variant, Blob config, List<Blob> layers, Blob manifest) {
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
      return manifest.pushAsManifest(client, repository, reference);
    }

    /**
     * Uploads the blobs, then the manifest under its own digest (how artifacts such as SBOMs are
     * pushed).
     */
    public Digest push(RegistryClient client, String repository) {
      return push(client, repository, digest().toString());
    }
  }

  /** An OCI image for linux/{@code architecture} with one layer per {@code layerTexts} entry. */
  public static Image ociImage(String architecture, String... layerTexts) {
    return image(MediaTypes.OCI_MANIFEST, OCI_CONFIG, LAYER_GZIP, architecture, layerTexts);
  }

  /** The same, in Docker schema 2 media types. */
  public static Image dockerImage(String architecture, String... layerTexts) {
    return image(
        MediaTypes.DOCKER_MANIFEST,
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        architecture,
        layerTexts);
  }

  private static Image image(
      String manifestType,
      String configType,
      String layerType,
      String architecture,
      String... layerTexts) {
    List<Blob> layers = new ArrayList<>();
    List<String> diffIds = new ArrayList<>();
    for (int i = 0; i < layerTexts.length; i++) {
      byte[] tar =
          TestLayers.gnu()
              .dir("etc", 0755)
              .file("etc/layer-" + i + ".txt", 0644, layerTexts[i])
              .tar();
      diffIds.add(Digest.sha256(tar).toString());
      layers.add(new Blob(layerType, TestLayers.gzip(tar)));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", architecture);
    config.put("os", "linux");
    config.put("config", object("Env", List.of("PATH=/usr/bin:/bin"), "Cmd", List.of("/bin/sh")));
    config.put("rootfs", object("type", "layers", "diff_ids", diffIds));
    return manifest(manifestType, architecture, null, new Blob(configType, json(config)), layers);
  }

  /**
   * A realistic application image (what the desktop and browser tests show): a shared gzip base
   * layer (with a symlink), a zstd app layer with a whiteout of a base file, and a config with
   * entrypoint, env, labels and history, whose diff_ids are the sha256 of the uncompressed tars.
   */
  public static Image appImage(String appName) {
    return appImage(appName, "amd64", null);
  }

  /** The same for linux/{@code architecture}/{@code variant} ({@code variant} may be null). */
  public static Image appImage(String appName, String architecture, String variant) {
    byte[] baseTar =
        TestLayers.gnu()
            .dir("etc", 0755)
            .file("etc/os-release", 0644, "NAME=Berth Test Linux\n")
            .dir("bin", 0755)
            .file("bin/busybox", 0755, "x".repeat(2048))
            .symlink("bin/sh", "busybox")
            .tar();
    TestLayers app =
        TestLayers.pax()
            .dir("app", 0755)
            .file("app/" + appName + ".jar", 0644, "jar of " + appName + " ".repeat(500))
            .file("app/config/application.properties", 0600, "server.port=8080\n")
            .file("etc/.wh.os-release", 0, "");
    byte[] appTar = app.tar();
    List<Blob> layers =
        List.of(new Blob(LAYER_GZIP, TestLayers.gzip(baseTar)), new Blob(LAYER_ZSTD, app.zstd()));

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("Entrypoint", List.of("java", "-jar", "/app/" + appName + ".jar"));
    settings.put("Cmd", List.of("--serve"));
    settings.put(
        "Env",
        List.of(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "APP_NAME=" + appName));
    settings.put("WorkingDir", "/app");
    settings.put("User", "1000:1000");
    settings.put(
        "Labels",
        object(
            "org.opencontainers.image.title", appName, "org.opencontainers.image.version", "1.0"));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architecture", architecture);
    if (variant != null) {
      config.put("variant", variant);
    }
    config.put("os", "linux");
    config.put("created", "2026-11-01T10:00:00Z");
    config.put("config", settings);
    config.put(
        "rootfs",
        object(
            "type",
            "layers",
            "diff_ids",
            List.of(Digest.sha256(baseTar).toString(), Digest.sha256(appTar).toString())));
    config.put(
        "history",
        List.of(
            object("created", "2026-10-01T09:00:00Z", "created_by", "ADD rootfs.tar /"),
            object(
                "created", "2026-11-01T10:00:00Z", "created_by", "COPY " + appName + ".jar /app/"),
            object(
                "created",
                "2026-11-01T10:00:00Z",
                "created_by",
                "ENTRYPOINT [\"java\"]",
                "empty_layer",
                true)));
    return manifest(
        MediaTypes.OCI_MANIFEST, architecture, variant, new Blob(OCI_CONFIG, json(config)), layers);
  }

  public static Image manifest(
      String manifestType, String architecture, String variant, Blob config, List<Blob> layers) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", manifestType);
    manifest.put("config", config.descriptor());
    manifest.put("layers", layers.stream().map(Blob::descriptor).toList());
    return new Image(architecture, variant, config, layers, new Blob(manifestType, json(manifest)));
  }

  /**
   * A small OCI manifest of {@code config} and no layers, made unique by the annotation {@code
   * n=number}: the many distinct manifests of durability and size tests.
   */
  public static byte[] numberedManifest(Blob config, String number) {
    return json(
        Map.of(
            "schemaVersion",
            2,
            "mediaType",
            MediaTypes.OCI_MANIFEST,
            "config",
            config.descriptor(),
            "layers",
            List.of(),
            "annotations",
            Map.of("n", number)));
  }

  /** An index (OCI or Docker list) over linux images. */
  public static Blob index(String mediaType, List<Image> images) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Image image : images) {
      Map<String, Object> d = image.manifest().descriptor();
      Map<String, Object> platform = new LinkedHashMap<>();
      platform.put("os", "linux");
      platform.put("architecture", image.architecture());
      if (image.variant() != null) {
        platform.put("variant", image.variant());
      }
      d.put("platform", platform);
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
    return new Image(
        "", null, empty, List.of(layer), new Blob(MediaTypes.OCI_MANIFEST, json(manifest)));
  }

  /**
   * Writes an OCI image layout (what {@code skopeo copy oci:DIR:TAG} reads) holding {@code images}
   * and {@code index} under {@code tag}.
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

  /**
   * A JSON object with its keys in the given order, so the same image always has the same digest.
   */
  private static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
