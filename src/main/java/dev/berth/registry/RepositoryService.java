package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.NAME_UNKNOWN;

import dev.berth.metadata.MetadataStore;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;

/** Whole-repository operations (not part of the distribution spec; Berth's admin API and the app). */
public final class RepositoryService {
  private final MetadataStore metadata;
  private final DeletionPolicy deletion;

  public RepositoryService(MetadataStore metadata, DeletionPolicy deletion) {
    this.metadata = metadata;
    this.deletion = deletion;
  }

  /**
   * Deletes the repository: its manifests, tags and blob links. Upload files of its sessions are
   * removed by the upload janitor; blob bytes are reclaimed by the next garbage collection.
   */
  public void delete(RepositoryName repository) {
    deletion.require("repository " + repository);
    if (!metadata.repositories().delete(repository)) {
      throw new RegistryException(NAME_UNKNOWN, "repository " + repository + " is not known to this registry");
    }
  }
}
