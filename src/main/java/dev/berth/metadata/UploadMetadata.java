package dev.berth.metadata;

import dev.berth.oci.RepositoryName;
import dev.berth.storage.UploadId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Upload sessions: which repository an upload belongs to and when it began. */
public interface UploadMetadata {

  void create(UploadId id, RepositoryName repository, Instant startedAt);

  /** The repository of the upload, if the session exists. */
  Optional<RepositoryName> repositoryOf(UploadId id);

  void delete(UploadId id);

  List<UploadId> all();
}
