package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.NAME_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.error.RegistryException;
import java.time.Clock;

/** Whole-repository operations on this registry's metadata. */
public final class LocalRepositoryService implements RepositoryService {
  private final MetadataStore metadata;
  private final DeletionPolicy deletion;
  private final RegistryEvents events;
  private final Clock clock;

  public LocalRepositoryService(
      MetadataStore metadata, DeletionPolicy deletion, RegistryEvents events, Clock clock) {
    this.metadata = metadata;
    this.deletion = deletion;
    this.events = events;
    this.clock = clock;
  }

  /** Upload files of the repository's sessions are removed by the upload janitor. */
  @Override
  public void delete(Caller caller, RepositoryName repository) {
    deletion.require("repository " + repository);
    if (!metadata.repositories().delete(repository)) {
      throw new RegistryException(
          NAME_UNKNOWN, "repository " + repository + " is not known to this registry");
    }
    events.publish(new RegistryEvent.RepositoryDeleted(clock.instant(), caller, repository));
  }
}
