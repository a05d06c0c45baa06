package dev.berth.metadata;

import dev.berth.oci.RepositoryName;
import java.util.List;

/** Repositories: created implicitly by the first upload or push into them. */
public interface RepositoryMetadata {

  /**
   * Repositories holding at least one manifest, in lexical order, after {@code after} (exclusive;
   * null to start at the beginning), at most {@code limit}.
   */
  List<RepositoryName> list(String after, int limit);

  boolean exists(RepositoryName name);

  /**
   * Deletes the repository with its manifests, tags, blob links and upload sessions. Blob bytes
   * stay until garbage collection finds nothing else uses them. Returns false if it did not exist.
   */
  boolean delete(RepositoryName name);
}
