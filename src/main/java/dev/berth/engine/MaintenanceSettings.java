package dev.berth.engine;

import dev.berth.gc.GcScheduler;
import java.util.Optional;

/**
 * Housekeeping the engine runs by itself.
 *
 * @param gcSchedule periodic garbage collection (none unless the app or {@code serve --gc-every}
 *     sets one)
 * @param uploadPurging removes upload sessions older than an age on a schedule, like registry:2's
 *     {@code storage.maintenance.uploadpurging} (none by default; garbage collection also removes
 *     uploads older than a day)
 */
public record MaintenanceSettings(
    Optional<GcScheduler.Schedule> gcSchedule, Optional<UploadPurgeSettings> uploadPurging) {

  public static final MaintenanceSettings NONE =
      new MaintenanceSettings(Optional.empty(), Optional.empty());

  public MaintenanceSettings {
    gcSchedule = gcSchedule == null ? Optional.empty() : gcSchedule;
    uploadPurging = uploadPurging == null ? Optional.empty() : uploadPurging;
  }
}
