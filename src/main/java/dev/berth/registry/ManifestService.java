package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_BLOB_UNKNOWN;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_UNKNOWN;

import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MissingReferencesException;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.FreeSpace;
import dev.berth.storage.StorageFullException;
import java.util.Map;

/** Pushing, pulling and deleting manifests by tag or digest. */
public final class ManifestService {
  /** The largest manifest accepted; registry:2 and the OCI spec's guidance both use 4 MiB. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private final MetadataStore metadata;
  private final ManifestParser parser;
  private final PullRecorder pulls;
  private final DeletionPolicy deletion;
  private final FreeSpace space;

  public ManifestService(MetadataStore metadata, ManifestParser parser, PullRecorder pulls, DeletionPolicy deletion,
      FreeSpace space) {
    this.metadata = metadata;
    this.parser = parser;
    this.pulls = pulls;
    this.deletion = deletion;
    this.space = space;
  }

  /**
   * The outcome of a push.
   *
   * @param subject the pushed manifest's subject, or null (answered with {@code OCI-Subject})
   */
  public record PushResult(Digest digest, Digest subject) {}

  /**
   * Stores a manifest exactly as pushed.
   *
   * @throws RegistryException MANIFEST_INVALID for malformed or unsupported content,
   *     DIGEST_INVALID when pushed by a digest the bytes do not have, MANIFEST_BLOB_UNKNOWN when a
   *     referenced blob or child manifest is missing from the repository
   */
  public PushResult push(RepositoryName repository, Reference reference, byte[] content, String contentType) {
    ParsedManifest parsed;
    try {
      parsed = parser.parse(content, contentType);
    } catch (InvalidManifestException e) {
      throw new RegistryException(MANIFEST_INVALID, e.getMessage());
    }
    Digest digest = digestFor(reference, content);
    Tag tag = reference instanceof Reference.ByTag byTag ? byTag.tag() : null;
    try {
      space.requireRoomFor(content.length);
    } catch (StorageFullException e) {
      throw RegistryException.storageFull(e.getMessage());
    }
    try {
      metadata.manifests().put(repository, digest, content, parsed, tag);
    } catch (MissingReferencesException e) {
      throw new RegistryException(MANIFEST_BLOB_UNKNOWN, MANIFEST_BLOB_UNKNOWN.status(), Map.of("missing", e.missing().stream().map(Digest::toString).toList()));
    }
    return new PushResult(digest, parsed.subject() == null ? null : parsed.subject().digest());
  }

  /** Pushing by digest names the digest; it must be the digest of the bytes, in its own algorithm. */
  private static Digest digestFor(Reference reference, byte[] content) {
    Digest sha256 = Digest.sha256(content);
    if (reference instanceof Reference.ByDigest byDigest) {
      Digest claimed = byDigest.digest();
      Digest actual = claimed.algorithm() == Digest.Algorithm.SHA256
          ? sha256
          : Digest.of(claimed.algorithm(), claimed.algorithm().newMessageDigest().digest(content));
      if (!actual.equals(claimed)) {
        throw new RegistryException(DIGEST_INVALID, "manifest content hashes to " + actual + ", not " + claimed);
      }
      return claimed;
    }
    return sha256;
  }

  /**
   * The manifest, resolving a tag first.
   *
   * @param countAsPull whether to record this read as a pull (GET yes, HEAD no)
   */
  public StoredManifest get(RepositoryName repository, Reference reference, boolean countAsPull) {
    ManifestMetadata manifests = metadata.manifests();
    Digest digest = resolve(repository, reference);
    StoredManifest manifest = manifests.get(repository, digest).orElseThrow(() -> unknown(repository, reference));
    if (countAsPull) {
      pulls.record(repository, digest);
    }
    return manifest;
  }

  /** Deleting by tag removes only that tag; by digest, the manifest and every tag on it. */
  public void delete(RepositoryName repository, Reference reference) {
    deletion.require((reference instanceof Reference.ByTag ? "tag " : "manifest ") + repository + ":" + reference);
    boolean deleted = reference instanceof Reference.ByTag byTag
        ? metadata.manifests().deleteTag(repository, byTag.tag())
        : metadata.manifests().delete(repository, ((Reference.ByDigest) reference).digest());
    if (!deleted) {
      throw unknown(repository, reference);
    }
  }

  private Digest resolve(RepositoryName repository, Reference reference) {
    if (reference instanceof Reference.ByDigest byDigest) {
      return byDigest.digest();
    }
    Tag tag = ((Reference.ByTag) reference).tag();
    return metadata.manifests().resolveTag(repository, tag).orElseThrow(() -> unknown(repository, reference));
  }

  private static RegistryException unknown(RepositoryName repository, Reference reference) {
    return new RegistryException(MANIFEST_UNKNOWN, "manifest " + reference + " is not in repository " + repository);
  }
}
