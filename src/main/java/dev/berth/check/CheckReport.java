package dev.berth.check;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a storage check.
 *
 * @param blobsChecked recorded blobs looked at (hashed, unless the check was quick)
 * @param bytesChecked their bytes
 * @param manifestsChecked stored manifests hashed
 * @param filesChecked blob files looked for in the metadata
 * @param findings everything wrong or left over, damage first
 * @param cancelled whether the check stopped before the end
 */
public record CheckReport(
    long blobsChecked,
    long bytesChecked,
    long manifestsChecked,
    long filesChecked,
    List<CheckFinding> findings,
    boolean cancelled,
    Duration duration) {

  public CheckReport {
    findings = List.copyOf(findings);
  }

  public boolean foundDamage() {
    return findings.stream().anyMatch(f -> f.kind().isDamage());
  }

  public long leftoverBytes() {
    return findings.stream()
        .filter(f -> f.kind() == CheckFinding.Kind.LEFTOVER_FILE)
        .mapToLong(CheckFinding::bytes)
        .sum();
  }
}
