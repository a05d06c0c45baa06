package dev.berth.registry;

import dev.berth.events.Caller;
import dev.berth.metadata.ManifestMetadata.References;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;

/** Pushing, pulling and deleting manifests by tag or digest. */
public interface ManifestService {
  /** The largest manifest accepted; registry:2 and the OCI spec's guidance both use 4 MiB. */
  int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  /**
   * The outcome of a push.
   *
   * @param subject the pushed manifest's subject, or null (answered with {@code OCI-Subject})
   */
  record PushResult(Digest digest, Digest subject) {}

  /**
   * Stores a manifest exactly as pushed; its blobs and child manifests must be in the repository.
   *
   * @throws dev.berth.registry.error.RegistryException MANIFEST_INVALID for malformed or
   *     unsupported content, DIGEST_INVALID when pushed by a digest the bytes do not have,
   *     MANIFEST_BLOB_UNKNOWN when a referenced blob or child manifest is missing
   */
  default PushResult push(
      Caller caller,
      RepositoryName repository,
      Reference reference,
      byte[] content,
      String contentType) {
    return push(caller, repository, reference, content, contentType, References.MUST_BE_PRESENT);
  }

  /**
   * As above, with the caller's choice of how references are checked: a pull-through cache stores a
   * manifest before it has fetched every blob ({@link References#RECORDED_ONLY}).
   */
  PushResult push(
      Caller caller,
      RepositoryName repository,
      Reference reference,
      byte[] content,
      String contentType,
      References references);

  /**
   * The manifest, resolving a tag first.
   *
   * @param pull whether this read is a pull (GET) or only a look (HEAD)
   */
  StoredManifest get(Caller caller, RepositoryName repository, Reference reference, boolean pull);

  /** Deleting by tag removes only that tag; by digest, the manifest and every tag on it. */
  void delete(Caller caller, RepositoryName repository, Reference reference);
}
