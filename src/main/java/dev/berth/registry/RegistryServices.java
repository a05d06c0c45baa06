package dev.berth.registry;

/**
 * The registry's use cases, shared by the HTTP API and the desktop app so both behave the same
 * (same validation, same errors, same delete semantics).
 */
public record RegistryServices(
    BlobService blobs,
    UploadService uploads,
    ManifestService manifests,
    ListingService listings,
    RepositoryService repositories) {}
