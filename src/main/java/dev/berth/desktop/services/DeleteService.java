package dev.berth.desktop.services;

import dev.berth.browse.DeletionDisabledException;
import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;

/**
 * Everything the app deletes — a repository, a tag, an image — behind one rule (the registry's
 * delete setting) and one exception ({@link DeletionDisabledException}, said before anything is
 * touched). The use cases apply the same setting again for HTTP clients; the app's views never call
 * them directly, so they never see the HTTP layer's error instead.
 */
public final class DeleteService {
  private final boolean enabled;
  private final RepositoryService repositories;
  private final ManifestService manifests;

  DeleteService(boolean enabled, RepositoryService repositories, ManifestService manifests) {
    this.enabled = enabled;
    this.repositories = repositories;
    this.manifests = manifests;
  }

  /** Whether the running registry allows deletes (the views' delete controls follow it). */
  public boolean enabled() {
    return enabled;
  }

  /**
   * @throws DeletionDisabledException when deleting is off, naming {@code what}
   */
  public void require(String what) {
    if (!enabled) {
      throw new DeletionDisabledException(what);
    }
  }

  /** The repository's manifests, tags and blob links; its bytes go with the next collection. */
  public void deleteRepository(RepositoryName name) {
    require("the repository " + name);
    repositories.delete(Caller.app(), name);
  }

  /** One tag; the manifest and its other tags stay. */
  public void deleteTag(RepositoryName repository, Tag tag) {
    require("the tag " + repository + ":" + tag);
    manifests.delete(Caller.app(), repository, new Reference.ByTag(tag));
  }

  /** A manifest and every tag pointing at it. */
  public void deleteManifest(RepositoryName repository, Digest digest) {
    require("the manifest " + repository + "@" + digest.shortHex());
    manifests.delete(Caller.app(), repository, new Reference.ByDigest(digest));
  }
}
