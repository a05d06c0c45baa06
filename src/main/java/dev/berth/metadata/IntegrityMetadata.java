package dev.berth.metadata;

import dev.berth.metadata.ManifestMetadata.ManifestKey;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import java.util.List;

/**
 * What a storage check needs from the metadata: every recorded blob and manifest, read in pages so
 * memory does not grow with the registry, who uses a blob, and the one repair that is always safe
 * for bytes that are gone or damaged: forgetting them, so clients upload them again.
 */
public interface IntegrityMetadata {

  /**
   * Recorded blobs after {@code after} (null: from the start), in digest order, at most {@code
   * limit}.
   */
  List<RecordedBlob> blobsAfter(Digest after, int limit);

  /**
   * Stored manifests after {@code after} (null: from the start), in (repository, digest) order, at
   * most {@code limit}, with their bytes.
   */
  List<StoredManifestRow> manifestsAfter(ManifestKey after, int limit);

  /** The repositories that link {@code blob}, and the images that reference it, for reports. */
  BlobUse usesOf(Digest blob);

  /**
   * Removes {@code blob}'s row and every repository's link to it, so that its bytes count as
   * unknown (clients upload them again). Manifests that reference it stay, and are reported.
   * Returns whether there was a row.
   */
  boolean forgetBlob(Digest blob);

  /**
   * Manifests that reference a blob with no row (its bytes were lost and forgotten), at most {@code
   * limit}.
   */
  List<BrokenReference> referencesToUnrecordedBlobs(int limit);

  /** Whether the blob still has a row (to tell a real loss from a concurrent collection). */
  boolean isRecorded(Digest blob);

  record RecordedBlob(Digest digest, long size) {}

  record BrokenReference(RepositoryName repository, Digest manifest, Digest blob) {}

  record StoredManifestRow(RepositoryName repository, Digest digest, byte[] content) {}

  /**
   * @param repositories repositories that link the blob
   * @param images {@code repository:tag} (or {@code repository@digest} when untagged) of images
   *     whose manifest references it
   */
  record BlobUse(List<RepositoryName> repositories, List<String> images) {}
}
