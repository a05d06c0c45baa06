package dev.berth.gc;

import java.time.Duration;

/**
 * How a garbage collection runs.
 *
 * @param dryRun only compute and report what would be deleted
 * @param deleteUntagged also delete manifests no tag reaches (registry:2's {@code
 *     --delete-untagged}); otherwise every manifest is kept and only unreferenced blobs go
 * @param gracePeriod content younger than this is never deleted, because a client may be between
 *     uploading blobs and pushing the manifest that references them
 * @param uploadMaxAge upload sessions started longer ago than this are purged with their bytes
 */
public record GcOptions(
    boolean dryRun, boolean deleteUntagged, Duration gracePeriod, Duration uploadMaxAge) {
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
  public static final Duration DEFAULT_UPLOAD_MAX_AGE = Duration.ofHours(24);

  public GcOptions {
    if (gracePeriod.isNegative() || uploadMaxAge.isNegative()) {
      throw new IllegalArgumentException("grace period and upload age must not be negative");
    }
  }

  public static GcOptions defaults() {
    return new GcOptions(false, false, DEFAULT_GRACE, DEFAULT_UPLOAD_MAX_AGE);
  }

  public GcOptions withDryRun(boolean value) {
    return new GcOptions(value, deleteUntagged, gracePeriod, uploadMaxAge);
  }

  public GcOptions withDeleteUntagged(boolean value) {
    return new GcOptions(dryRun, value, gracePeriod, uploadMaxAge);
  }

  public GcOptions withGracePeriod(Duration value) {
    return new GcOptions(dryRun, deleteUntagged, value, uploadMaxAge);
  }

  public GcOptions withUploadMaxAge(Duration value) {
    return new GcOptions(dryRun, deleteUntagged, gracePeriod, value);
  }

  /**
   * The grace period as blobs get it. Reads are recorded as uses once per {@link
   * dev.berth.metadata.BlobMetadata#USE_RESOLUTION}, so a blob may have been used up to that much
   * after its recorded use: with a grace period, that much more is kept. A grace of zero stays
   * zero: it asks for everything unreferenced, now.
   */
  public Duration blobGracePeriod() {
    return gracePeriod.isZero()
        ? gracePeriod
        : gracePeriod.plus(dev.berth.metadata.BlobMetadata.USE_RESOLUTION);
  }
}
