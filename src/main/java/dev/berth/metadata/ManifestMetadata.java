package dev.berth.metadata;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.manifest.ParsedManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifests, their reference graph (manifest→blob, index→manifest, subject) and tags. */
public interface ManifestMetadata {

  /** How a push checks the blobs and child manifests that a manifest references. */
  enum References {
    /** Each must be in the repository already (the distribution spec's rule for pushes). */
    MUST_BE_PRESENT,
    /**
     * Recorded without checking: a pull-through cache stores a manifest before it has fetched every
     * blob. Garbage collection protects recorded references all the same.
     */
    RECORDED_ONLY
  }

  /**
   * What a put did.
   *
   * @param created whether the manifest was new to the repository
   * @param previous what the tag pointed at before, or null (no tag given, or a new tag)
   */
  record PutOutcome(boolean created, Digest previous) {}

  /**
   * Stores a manifest and, when {@code tag} is given, points the tag at it, in one transaction.
   *
   * @param pushedBy who pushed, as the Dashboard shows it (e.g. {@code alice@10.0.0.5}); kept with
   *     a new manifest and with the tag it moves
   * @throws MissingReferencesException if, with {@link References#MUST_BE_PRESENT}, a referenced
   *     blob is not linked in the repository or a referenced child manifest does not exist in it;
   *     nothing is stored then
   */
  PutOutcome put(
      RepositoryName repository,
      Digest digest,
      byte[] content,
      ParsedManifest parsed,
      Tag tag,
      References references,
      String pushedBy);

  Optional<StoredManifest> get(RepositoryName repository, Digest digest);

  Optional<Digest> resolveTag(RepositoryName repository, Tag tag);

  /** Deletes a manifest, its references and every tag pointing at it. */
  boolean delete(RepositoryName repository, Digest digest);

  /** Deletes only the tag; the manifest stays (and other tags on it too). */
  boolean deleteTag(RepositoryName repository, Tag tag);

  /**
   * Tags in lexical order after {@code after} (exclusive, null for the start), at most {@code
   * limit}.
   */
  List<Tag> tags(RepositoryName repository, String after, int limit);

  /** Manifests in the repository whose {@code subject} is {@code subject}. */
  List<Descriptor> referrers(RepositoryName repository, Digest subject);

  /** Adds pull counts collected since the last call. */
  void recordPulls(Map<ManifestKey, Long> pullCounts, Instant lastPulled);

  /** A manifest in one repository. */
  record ManifestKey(RepositoryName repository, Digest digest) {}
}
