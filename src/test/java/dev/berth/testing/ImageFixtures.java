package dev.berth.testing;

import dev.berth.browse.TestLayers;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds and pushes small but realistic images: a config with entrypoint, env, labels, history. */
public final class ImageFixtures {
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";

  private final TestRegistryClient client;

  public ImageFixtures(TestRegistryClient client) {
    this.client = client;
  }

  /** A layer any image may share: a tiny base file system. */
  public static byte[] baseLayer() throws IOException {
    return TestLayers.gnu()
        .dir("etc", 0755)
        .file("etc/os-release", 0644, "NAME=Berth Test Linux\n")
        .dir("bin", 0755)
        .file("bin/busybox", 0755, "x".repeat(2048))
        .symlink("bin/sh", "busybox")
        .gzip();
  }

  /** An application layer, different per {@code name}, with a whiteout of a base file. */
  public static byte[] appLayer(String name) throws IOException {
    return TestLayers.pax()
        .dir("app", 0755)
        .file("app/" + name + ".jar", 0644, "jar of " + name + " ".repeat(500))
        .file("app/config/application.properties", 0600, "server.port=8080\n")
        .file("etc/.wh.os-release", 0, "")
        .zstd();
  }

  /** The pushed image. */
  public record Pushed(Digest manifest, Digest config, List<Digest> layers, long manifestSize) {}

  /** Pushes the base layer plus an app layer and tags the image. */
  public Pushed pushImage(String repository, String tag, String appName) throws IOException, InterruptedException {
    byte[] base = baseLayer();
    byte[] app = appLayer(appName);
    return push(repository, tag, appName, List.of(new Layer(base, LAYER_GZIP), new Layer(app, LAYER_ZSTD)), null);
  }

  record Layer(byte[] bytes, String mediaType) {}

  private Pushed push(String repository, String tag, String appName, List<Layer> layers, String subject)
      throws IOException, InterruptedException {
    List<Digest> layerDigests = new ArrayList<>();
    StringBuilder layersJson = new StringBuilder();
    for (Layer layer : layers) {
      Digest digest = client.pushBlob(repository, layer.bytes());
      layerDigests.add(digest);
      if (layersJson.length() > 0) {
        layersJson.append(',');
      }
      layersJson.append(descriptor(layer.mediaType(), digest, layer.bytes().length));
    }
    byte[] config = config(appName, layerDigests).getBytes(StandardCharsets.UTF_8);
    Digest configDigest = client.pushBlob(repository, config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
        + "\"config\":" + descriptor(CONFIG, configDigest, config.length) + ","
        + "\"layers\":[" + layersJson + "]"
        + (subject == null ? "" : ",\"subject\":" + subject)
        + "}";
    Digest digest = client.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
    return new Pushed(digest, configDigest, layerDigests, manifest.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Pushes an index over two platform images of {@code repository} and tags it. */
  public Digest pushIndex(String repository, String tag, Pushed amd64, Pushed arm64)
      throws IOException, InterruptedException {
    String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
        + platformDescriptor(amd64, "amd64", null) + "," + platformDescriptor(arm64, "arm64", "v8") + "]}";
    return client.pushManifest(repository, tag, MediaTypes.OCI_INDEX, index);
  }

  /** Pushes an SBOM-like artifact whose subject is {@code subject}. */
  public Digest pushReferrer(String repository, Pushed subject) throws IOException, InterruptedException {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Digest emptyDigest = client.pushBlob(repository, empty);
    byte[] sbom = "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8);
    Digest sbomDigest = client.pushBlob(repository, sbom);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
        + "\"artifactType\":\"application/spdx+json\","
        + "\"config\":" + descriptor(MediaTypes.OCI_EMPTY, emptyDigest, empty.length) + ","
        + "\"layers\":[" + descriptor("application/spdx+json", sbomDigest, sbom.length) + "],"
        + "\"subject\":" + descriptor(MediaTypes.OCI_MANIFEST, subject.manifest(), subject.manifestSize())
        + "}";
    Digest digest = Digest.sha256(manifest.getBytes(StandardCharsets.UTF_8));
    client.pushManifest(repository, digest.toString(), MediaTypes.OCI_MANIFEST, manifest);
    return digest;
  }

  private static String platformDescriptor(Pushed image, String architecture, String variant) {
    return "{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + image.manifest() + "\",\"size\":"
        + image.manifestSize() + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture + "\""
        + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
  }

  private static String descriptor(String mediaType, Digest digest, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }

  private static String config(String appName, List<Digest> layers) {
    StringBuilder diffIds = new StringBuilder();
    for (Digest d : layers) {
      diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(d).append('"');
    }
    return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-11-01T10:00:00Z\","
        + "\"config\":{\"Entrypoint\":[\"java\",\"-jar\",\"/app/" + appName + ".jar\"],\"Cmd\":[\"--serve\"],"
        + "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"APP_NAME=" + appName + "\"],"
        + "\"WorkingDir\":\"/app\",\"User\":\"1000:1000\","
        + "\"Labels\":{\"org.opencontainers.image.title\":\"" + appName + "\",\"org.opencontainers.image.version\":\"1.0\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
        + "\"history\":[{\"created\":\"2026-10-01T09:00:00Z\",\"created_by\":\"ADD rootfs.tar /\"},"
        + "{\"created\":\"2026-11-01T10:00:00Z\",\"created_by\":\"COPY " + appName + ".jar /app/\"},"
        + "{\"created\":\"2026-11-01T10:00:00Z\",\"created_by\":\"ENTRYPOINT [\\\"java\\\"]\",\"empty_layer\":true}]}";
  }
}
