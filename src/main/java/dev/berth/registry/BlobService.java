package dev.berth.registry;

import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobDelivery;
import java.io.IOException;

/**
 * Reading and unlinking the blobs of a repository. An interface so that a feature can wrap it: a
 * pull-through cache serves what it has and fetches the rest, a quota counts what is read.
 */
public interface BlobService {

  /** A blob a repository may serve, and how to send any range of it. */
  interface BlobContent {
    Digest digest();

    long size();

    /** How {@code length} bytes from {@code offset} reach the client. */
    BlobDelivery deliver(long offset, long length) throws IOException;
  }

  /**
   * The blob, if {@code repository} links it (or, as registry:2 allows, a manifest it holds).
   *
   * @param pull whether its bytes will be sent (a GET, announced as a pull), or only described
   *     (HEAD)
   * @throws RegistryException BLOB_UNKNOWN otherwise
   */
  BlobContent find(Caller caller, RepositoryName repository, Digest digest, boolean pull)
      throws IOException;

  /**
   * Removes the blob from the repository; GC reclaims the bytes later if nothing else uses them.
   */
  void delete(Caller caller, RepositoryName repository, Digest digest);
}
