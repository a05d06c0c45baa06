package dev.berth.registry;

import dev.berth.events.Caller;
import dev.berth.oci.RepositoryName;

/**
 * Whole-repository operations (not part of the distribution spec; Berth's admin API and the app).
 */
public interface RepositoryService {

  /**
   * Deletes the repository: its manifests, tags and blob links. Blob bytes are reclaimed by the
   * next garbage collection.
   *
   * @throws dev.berth.registry.error.RegistryException NAME_UNKNOWN, or UNSUPPORTED when deletion
   *     is off
   */
  void delete(Caller caller, RepositoryName repository);
}
