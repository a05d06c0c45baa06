package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a registry's state with an {@link AcknowledgedHistory} over its HTTP API, and checks
 * that what it serves is whole: every tag it lists resolves to a manifest whose bytes hash to its
 * digest, and every blob that manifest references can be pulled with the right bytes.
 */
public final class HistoryVerifier {
  private final RegistryClient client;
  private final AcknowledgedHistory history;

  public HistoryVerifier(RegistryClient client, AcknowledgedHistory history) {
    this.client = client;
    this.history = history;
  }

  /** What was checked and what was wrong; {@link #problems} is empty when all promises held. */
  public record Report(int checked, List<String> problems) {}

  public Report verify(List<String> repositories) {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (AcknowledgedHistory.StoredItem blob : history.blobs()) {
      HttpResponse<byte[]> get = client.get("/v2/" + blob.repository() + "/blobs/" + blob.digest());
      checked++;
      if (get.statusCode() != 200) {
        problems.add(
            "acknowledged blob "
                + blob.digest()
                + " in "
                + blob.repository()
                + ": "
                + get.statusCode());
      } else if (!Digest.sha256(get.body()).equals(blob.digest())) {
        problems.add("blob " + blob.digest() + " in " + blob.repository() + " served other bytes");
      }
    }
    for (AcknowledgedHistory.StoredItem manifest : history.liveManifests()) {
      HttpResponse<byte[]> get =
          client.get(
              "/v2/" + manifest.repository() + "/manifests/" + manifest.digest(),
              "Accept",
              MediaTypes.OCI_MANIFEST);
      checked++;
      if (get.statusCode() != 200) {
        problems.add(
            "acknowledged manifest "
                + manifest.digest()
                + " in "
                + manifest.repository()
                + ": "
                + get.statusCode());
      } else if (!java.util.Arrays.equals(get.body(), manifest.bytes())) {
        problems.add(
            "manifest "
                + manifest.digest()
                + " in "
                + manifest.repository()
                + " served other bytes");
      }
    }
    for (AcknowledgedHistory.StoredItem deleted : history.deletedManifests()) {
      HttpResponse<byte[]> get =
          client.head(
              "/v2/" + deleted.repository() + "/manifests/" + deleted.digest(),
              "Accept",
              MediaTypes.OCI_MANIFEST);
      checked++;
      if (get.statusCode() != 404) {
        problems.add(
            "manifest "
                + deleted.digest()
                + " in "
                + deleted.repository()
                + " was deleted (202) but answers "
                + get.statusCode());
      }
    }
    for (Map.Entry<String, ?> tag : history.tagWrites().entrySet()) {
      String[] parts = tag.getKey().split(":", 2);
      Optional<Digest> observed = resolve(parts[0], parts[1]);
      checked++;
      if (!history.allows(tag.getKey(), observed)) {
        problems.add(
            "tag "
                + tag.getKey()
                + " is "
                + observed.map(Digest::toString).orElse("absent")
                + ", which no write allows:"
                + history.describe(tag.getKey()));
      }
    }
    for (String repository : repositories) {
      problems.addAll(wholeness(repository));
    }
    return new Report(checked, problems);
  }

  /**
   * The same, after garbage collections without a grace period ran during the load: an acknowledged
   * blob that no manifest referenced may rightly be gone, so blobs are checked through the
   * manifests that need them (those listed and those pushed by digest) instead.
   */
  public Report verifyAfterCollections(List<String> repositories) {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (AcknowledgedHistory.StoredItem manifest : history.liveManifests()) {
      HttpResponse<byte[]> get =
          client.get(
              "/v2/" + manifest.repository() + "/manifests/" + manifest.digest(),
              "Accept",
              MediaTypes.OCI_MANIFEST);
      checked++;
      if (get.statusCode() != 200) {
        problems.add(
            "acknowledged manifest "
                + manifest.digest()
                + " in "
                + manifest.repository()
                + ": "
                + get.statusCode());
      } else if (!java.util.Arrays.equals(get.body(), manifest.bytes())) {
        problems.add(
            "manifest "
                + manifest.digest()
                + " in "
                + manifest.repository()
                + " served other bytes");
      } else {
        problems.addAll(referencedBlobs(manifest.repository(), manifest.digest().toString(), get));
      }
    }
    for (Map.Entry<String, ?> tag : history.tagWrites().entrySet()) {
      String[] parts = tag.getKey().split(":", 2);
      Optional<Digest> observed = resolve(parts[0], parts[1]);
      checked++;
      if (!history.allows(tag.getKey(), observed)) {
        problems.add(
            "tag "
                + tag.getKey()
                + " is "
                + observed.map(Digest::toString).orElse("absent")
                + ", which no write allows:"
                + history.describe(tag.getKey()));
      }
    }
    for (String repository : repositories) {
      problems.addAll(wholeness(repository));
    }
    return new Report(checked, problems);
  }

  private Optional<Digest> resolve(String repository, String tag) {
    HttpResponse<byte[]> head =
        client.head("/v2/" + repository + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST);
    if (head.statusCode() == 404) {
      return Optional.empty();
    }
    RegistryClient.requireStatus(head, 200);
    return Optional.of(
        Digest.parse(head.headers().firstValue("Docker-Content-Digest").orElseThrow()));
  }

  /** Every listed tag resolves to a whole image. */
  private List<String> wholeness(String repository) {
    List<String> problems = new ArrayList<>();
    HttpResponse<byte[]> list = client.get("/v2/" + repository + "/tags/list?n=10000");
    if (list.statusCode() == 404) {
      return problems; // nothing was ever stored there
    }
    if (list.statusCode() != 200) {
      problems.add("tags list of " + repository + ": " + list.statusCode());
      return problems;
    }
    for (JsonNode tag : RegistryClient.json(list).path("tags")) {
      HttpResponse<byte[]> manifest =
          client.get(
              "/v2/" + repository + "/manifests/" + tag.asText(),
              "Accept",
              MediaTypes.OCI_MANIFEST);
      if (manifest.statusCode() != 200) {
        problems.add(
            repository + ":" + tag.asText() + " is listed but answers " + manifest.statusCode());
        continue;
      }
      Digest digest =
          Digest.parse(manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
      if (!Digest.sha256(manifest.body()).equals(digest)) {
        problems.add(
            repository + ":" + tag.asText() + " serves bytes that do not hash to " + digest);
        continue;
      }
      problems.addAll(referencedBlobs(repository, tag.asText(), manifest));
    }
    return problems;
  }

  /** Every blob an image manifest references can be pulled, with bytes that hash to its digest. */
  private List<String> referencedBlobs(
      String repository, String reference, HttpResponse<byte[]> manifest) {
    List<String> problems = new ArrayList<>();
    JsonNode json = RegistryClient.json(manifest);
    List<JsonNode> references = new ArrayList<>();
    references.add(json.path("config"));
    json.path("layers").forEach(references::add);
    for (JsonNode descriptor : references) {
      Digest blob = Digest.parse(descriptor.path("digest").asText());
      HttpResponse<byte[]> get = client.get("/v2/" + repository + "/blobs/" + blob);
      if (get.statusCode() != 200 || !Digest.sha256(get.body()).equals(blob)) {
        problems.add(
            repository
                + ":"
                + reference
                + " references blob "
                + blob
                + ", which answers "
                + get.statusCode());
      }
    }
    return problems;
  }
}
