package dev.berth.desktop.services;

import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.DeletionDisabledException;
import dev.berth.registry.DeletionPolicy;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;

/**
 * Everything the app deletes — a repository, a tag, an image — through the registry's use cases,
 * which apply the engine's one {@link DeletionPolicy} and throw its one {@link
 * DeletionDisabledException} before anything is touched. The views ask {@link #enabled} to offer
 * delete at all, and {@link #require} before they ask the user to confirm.
 */
public final class DeleteService {
  private final DeletionPolicy policy;
  private final RepositoryService repositories;
  private final ManifestService manifests;

  DeleteService(DeletionPolicy policy, RepositoryService repositories, ManifestService manifests) {
    this.policy = policy;
    this.repositories = repositories;
    this.manifests = manifests;
  }

  /** Whether the running registry allows deletes (the views' delete controls follow it). */
  public boolean enabled() {
    return policy.enabled();
  }

  /**
   * @throws DeletionDisabledException when deleting is off, naming {@code what}
   */
  public void require(String what) {
    policy.require(what);
  }

  /** The repository's manifests, tags and blob links; its bytes go with the next collection. */
  public void deleteRepository(RepositoryName name) {
    repositories.delete(Caller.app(), name);
  }

  /** One tag; the manifest and its other tags stay. */
  public void deleteTag(RepositoryName repository, Tag tag) {
    manifests.delete(Caller.app(), repository, new Reference.ByTag(tag));
  }

  /** A manifest and every tag pointing at it. */
  public void deleteManifest(RepositoryName repository, Digest digest) {
    manifests.delete(Caller.app(), repository, new Reference.ByDigest(digest));
  }
}
