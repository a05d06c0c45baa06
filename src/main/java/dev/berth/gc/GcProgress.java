package dev.berth.gc;

/**
 * Where a running collection is: its phase, items done out of the phase's total, and bytes freed so
 * far in the whole run.
 */
public record GcProgress(Phase phase, long done, long total, long bytesFreed) {

  public enum Phase {
    MARK("Marking what is in use"),
    SWEEP_MANIFESTS("Deleting unreachable manifests"),
    SWEEP_BLOBS("Deleting unreferenced blobs"),
    SWEEP_ORPHANS("Deleting files without metadata"),
    PURGE_UPLOADS("Purging stale uploads"),
    DONE("Done");

    private final String description;

    Phase(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** Receives progress; called on the collecting thread, so keep it quick. */
  @FunctionalInterface
  public interface Listener {
    void onProgress(GcProgress progress);

    Listener NONE = p -> {};
  }
}
