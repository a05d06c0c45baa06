package dev.berth.engine;

import java.time.Duration;

/**
 * Periodic removal of upload sessions nobody finished (registry:2's {@code
 * storage.maintenance.uploadpurging}).
 *
 * @param age sessions started longer ago than this go, with their bytes
 * @param interval how often to look
 * @param dryRun only log what would go
 */
public record UploadPurgeSettings(Duration age, Duration interval, boolean dryRun) {
  public UploadPurgeSettings {
    if (age == null
        || age.isNegative()
        || interval == null
        || interval.isZero()
        || interval.isNegative()) {
      throw new IllegalArgumentException(
          "upload purging needs an age of at least 0 and an interval longer than 0");
    }
  }
}
