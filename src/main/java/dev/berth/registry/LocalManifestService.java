package dev.berth.registry;

import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_BLOB_UNKNOWN;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.MANIFEST_UNKNOWN;

import dev.berth.events.Caller;
import dev.berth.events.RegistryEvent;
import dev.berth.events.RegistryEvents;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.ManifestMetadata.PutOutcome;
import dev.berth.metadata.ManifestMetadata.References;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.MissingReferencesException;
import dev.berth.metadata.StoredManifest;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.oci.manifest.InvalidManifestException;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.oci.manifest.ParsedManifest;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.FreeSpace;
import dev.berth.storage.StorageFullException;
import java.time.Clock;
import java.util.Map;

/** Manifests stored in this registry's metadata. */
public final class LocalManifestService implements ManifestService {
  private final MetadataStore metadata;
  private final ManifestParser parser;
  private final DeletionPolicy deletion;
  private final FreeSpace space;
  private final RegistryEvents events;
  private final Clock clock;

  public LocalManifestService(
      MetadataStore metadata,
      ManifestParser parser,
      DeletionPolicy deletion,
      FreeSpace space,
      RegistryEvents events,
      Clock clock) {
    this.metadata = metadata;
    this.parser = parser;
    this.deletion = deletion;
    this.space = space;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public PushResult push(
      Caller caller,
      RepositoryName repository,
      Reference reference,
      byte[] content,
      String contentType,
      References references) {
    ParsedManifest parsed;
    try {
      parsed = parser.parse(content, contentType);
    } catch (InvalidManifestException e) {
      throw new RegistryException(MANIFEST_INVALID, e.getMessage());
    }
    Digest digest = digestFor(reference, content);
    Tag tag = reference instanceof Reference.ByTag byTag ? byTag.tag() : null;
    try {
      space.requireRoomFor(content.length);
    } catch (StorageFullException e) {
      throw RegistryException.storageFull(e.getMessage());
    }
    PutOutcome outcome;
    try {
      outcome =
          metadata
              .manifests()
              .put(repository, digest, content, parsed, tag, references, caller.toString());
    } catch (MissingReferencesException e) {
      throw new RegistryException(
          MANIFEST_BLOB_UNKNOWN,
          MANIFEST_BLOB_UNKNOWN.status(),
          Map.of("missing", e.missing().stream().map(Digest::toString).toList()));
    }
    events.publish(
        new RegistryEvent.ManifestPushed(
            clock.instant(),
            caller,
            repository,
            digest,
            parsed.mediaType(),
            content.length,
            tag,
            outcome.previous(),
            outcome.created()));
    return new PushResult(digest, parsed.subject() == null ? null : parsed.subject().digest());
  }

  /**
   * Pushing by digest names the digest; it must be the digest of the bytes, in its own algorithm.
   */
  private static Digest digestFor(Reference reference, byte[] content) {
    Digest sha256 = Digest.sha256(content);
    if (reference instanceof Reference.ByDigest byDigest) {
      Digest claimed = byDigest.digest();
      Digest actual =
          claimed.algorithm() == Digest.Algorithm.SHA256
              ? sha256
              : Digest.of(
                  claimed.algorithm(), claimed.algorithm().newMessageDigest().digest(content));
      if (!actual.equals(claimed)) {
        throw new RegistryException(
            DIGEST_INVALID, "manifest content hashes to " + actual + ", not " + claimed);
      }
      return claimed;
    }
    return sha256;
  }

  @Override
  public StoredManifest get(
      Caller caller, RepositoryName repository, Reference reference, boolean pull) {
    ManifestMetadata manifests = metadata.manifests();
    Digest digest = resolve(repository, reference);
    StoredManifest manifest =
        manifests.get(repository, digest).orElseThrow(() -> unknown(repository, reference));
    if (pull) {
      events.publish(new RegistryEvent.ManifestPulled(clock.instant(), caller, repository, digest));
    }
    return manifest;
  }

  @Override
  public void delete(Caller caller, RepositoryName repository, Reference reference) {
    deletion.require(
        (reference instanceof Reference.ByTag ? "tag " : "manifest ")
            + repository
            + ":"
            + reference);
    if (reference instanceof Reference.ByTag byTag) {
      if (!metadata.manifests().deleteTag(repository, byTag.tag())) {
        throw unknown(repository, reference);
      }
      events.publish(
          new RegistryEvent.TagDeleted(clock.instant(), caller, repository, byTag.tag()));
    } else {
      Digest digest = ((Reference.ByDigest) reference).digest();
      if (!metadata.manifests().delete(repository, digest)) {
        throw unknown(repository, reference);
      }
      events.publish(
          new RegistryEvent.ManifestDeleted(clock.instant(), caller, repository, digest));
    }
  }

  private Digest resolve(RepositoryName repository, Reference reference) {
    if (reference instanceof Reference.ByDigest byDigest) {
      return byDigest.digest();
    }
    Tag tag = ((Reference.ByTag) reference).tag();
    return metadata
        .manifests()
        .resolveTag(repository, tag)
        .orElseThrow(() -> unknown(repository, reference));
  }

  private static RegistryException unknown(RepositoryName repository, Reference reference) {
    return new RegistryException(
        MANIFEST_UNKNOWN, "manifest " + reference + " is not in repository " + repository);
  }
}
