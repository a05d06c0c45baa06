package dev.berth.desktop.services;

import dev.berth.check.CheckReport;
import dev.berth.check.StorageCheck;
import dev.berth.events.Caller;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcPlan;
import dev.berth.gc.GcProgress;
import dev.berth.gc.GcReport;
import dev.berth.gc.GcScheduler;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.GcMetadata.GcRun;
import dev.berth.storage.FreeSpace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Storage and garbage collection as the Storage view needs them: history, free space, a plan, a
 * collection (dry or real, always recorded), the schedule, and the storage check.
 */
public final class StorageService {
  private final GarbageCollector collector;
  private final GcMetadata runs;
  private final GcScheduler scheduler;
  private final FreeSpace freeSpace;
  private final StorageCheck check;

  StorageService(
      GarbageCollector collector,
      GcMetadata runs,
      GcScheduler scheduler,
      FreeSpace freeSpace,
      StorageCheck check) {
    this.collector = collector;
    this.runs = runs;
    this.scheduler = scheduler;
    this.freeSpace = freeSpace;
    this.check = check;
  }

  /** Reports the phase of a check and how far it is ({@code total} is -1 while unknown). */
  @FunctionalInterface
  public interface CheckListener {
    void onProgress(String phase, long done, long total);
  }

  public List<GcRun> recentRuns(int limit) {
    return runs.recentRuns(limit);
  }

  public FreeSpace.Status freeSpace() {
    return freeSpace.status();
  }

  public GcPlan plan(GcOptions options) throws IOException {
    return collector.plan(options);
  }

  /** Runs a collection for the person at the app (a dry run too); every run is recorded. */
  public GcReport collect(
      GcOptions options, GcProgress.Listener listener, BooleanSupplier cancelled)
      throws IOException {
    return collector.run(Caller.app(), options, listener, cancelled);
  }

  public void schedule(Optional<GcScheduler.Schedule> schedule) {
    scheduler.set(schedule);
  }

  public CheckReport check(boolean repair, CheckListener listener, BooleanSupplier cancelled)
      throws IOException {
    return check.run(new StorageCheck.Options(repair, false), listener::onProgress, cancelled);
  }
}
