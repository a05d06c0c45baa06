package dev.berth.gc;

import java.time.Duration;

/**
 * What a collection did (or, for a dry run, would do).
 *
 * @param outcome {@code completed}, {@code cancelled} or {@code dry-run}
 */
public record GcReport(
    String outcome,
    boolean deleteUntagged,
    long manifestsDeleted,
    long blobsDeleted,
    long orphansDeleted,
    long uploadsPurged,
    long bytesFreed,
    Duration duration,
    GcPlan plan) {

  public boolean cancelled() {
    return "cancelled".equals(outcome);
  }
}
