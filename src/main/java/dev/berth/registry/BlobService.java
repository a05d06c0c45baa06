package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UNKNOWN;

import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** Reading and unlinking blobs of a repository. */
public final class BlobService {
  private final BlobStore store;
  private final MetadataStore metadata;
  private final DeletionPolicy deletion;

  public BlobService(BlobStore store, MetadataStore metadata, DeletionPolicy deletion) {
    this.store = store;
    this.metadata = metadata;
    this.deletion = deletion;
  }

  /** A blob a repository may serve: either stored bytes or, as registry:2 allows, a manifest. */
  public sealed interface BlobContent permits StoredBlob, ManifestAsBlob {
    Digest digest();

    long size();

    InputStream open(long offset) throws IOException;

    /** The local file to send with zero copy, if the bytes live in one. */
    Optional<Path> localFile();
  }

  /** Bytes in the blob store. */
  public record StoredBlob(Digest digest, long size, BlobStore store) implements BlobContent {
    @Override
    public InputStream open(long offset) throws IOException {
      return store.open(digest, offset);
    }

    @Override
    public Optional<Path> localFile() {
      return store.localFile(digest);
    }
  }

  /** A manifest fetched through the blob endpoint (containerd and registry:2 do this). */
  public record ManifestAsBlob(Digest digest, byte[] content) implements BlobContent {
    @Override
    public long size() {
      return content.length;
    }

    @Override
    public InputStream open(long offset) {
      return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
    }

    @Override
    public Optional<Path> localFile() {
      return Optional.empty();
    }
  }

  /**
   * The blob, if {@code repository} links it.
   *
   * @throws RegistryException BLOB_UNKNOWN otherwise
   */
  public BlobContent find(RepositoryName repository, Digest digest) throws IOException {
    Optional<Long> linked = metadata.blobs().linkedSize(repository, digest);
    if (linked.isPresent()) {
      Optional<Long> stored = store.size(digest);
      if (stored.isEmpty()) {
        // The link is only written after the bytes were verified and renamed into place. Without
        // bytes, either a garbage collection is removing the unused blob right now (it moves the
        // bytes, then drops the link, in one transaction): once it is done the blob is simply
        // unknown; or someone removed the file behind our back, which `berth check` reports.
        if (metadata.blobs().linkedSizeAfterPendingChanges(repository, digest).isEmpty()) {
          throw unknown(repository, digest);
        }
        throw new IOException("blob " + digest + " is linked in " + repository + " but its bytes are missing"
            + " (run berth check)");
      }
      return new StoredBlob(digest, stored.get(), store);
    }
    Optional<StoredManifest> manifest = metadata.manifests().get(repository, digest);
    if (manifest.isPresent()) {
      return new ManifestAsBlob(digest, manifest.get().content());
    }
    throw unknown(repository, digest);
  }

  /** Removes the blob from the repository; the bytes are reclaimed later by GC if nothing else uses them. */
  public void delete(RepositoryName repository, Digest digest) {
    deletion.require("blob " + digest + " of " + repository);
    if (!metadata.blobs().unlink(repository, digest)) {
      throw unknown(repository, digest);
    }
  }

  static RegistryException unknown(RepositoryName repository, Digest digest) {
    return new RegistryException(BLOB_UNKNOWN, "blob " + digest + " is not in repository " + repository);
  }
}
