package dev.berth.check;

import dev.berth.check.CheckFinding.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A storage check's report in plain words, for the command line and the app alike. */
public final class CheckReportText {
  private static final int IMAGES_NAMED = 5;

  private CheckReportText() {}

  public static List<String> lines(CheckReport report) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "Checked %,d blobs (%s), %,d manifests and %,d files in %.1f s%s.",
            report.blobsChecked(),
            size(report.bytesChecked()),
            report.manifestsChecked(),
            report.filesChecked(),
            report.duration().toMillis() / 1000.0,
            report.cancelled() ? " before it was cancelled" : ""));
    Map<Kind, List<CheckFinding>> byKind = new EnumMap<>(Kind.class);
    report.findings().forEach(f -> byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f));
    if (!report.foundDamage()) {
      lines.add("No damage found: every blob and manifest matches its digest.");
    }
    for (Map.Entry<Kind, List<CheckFinding>> group : byKind.entrySet()) {
      if (group.getKey() == Kind.LEFTOVER_FILE) {
        continue;
      }
      lines.add(
          String.format(
              "%s (%d): %s",
              title(group.getKey()), group.getValue().size(), group.getKey().words()));
      for (CheckFinding f : group.getValue()) {
        StringBuilder line = new StringBuilder("  ").append(f.digest());
        if (f.bytes() > 0) {
          line.append(" (").append(size(f.bytes())).append(')');
        }
        if (!f.usedBy().isEmpty()) {
          line.append(", needed by ")
              .append(
                  String.join(
                      ", ", f.usedBy().subList(0, Math.min(IMAGES_NAMED, f.usedBy().size()))));
          if (f.usedBy().size() > IMAGES_NAMED) {
            line.append(" and ").append(f.usedBy().size() - IMAGES_NAMED).append(" more");
          }
        }
        if (f.repaired() != null && !f.repaired().isEmpty()) {
          line.append(" — ").append(f.repaired());
        }
        lines.add(line.toString());
      }
    }
    List<CheckFinding> leftovers = byKind.getOrDefault(Kind.LEFTOVER_FILE, List.of());
    if (!leftovers.isEmpty()) {
      lines.add(
          String.format(
              "Leftovers: %d files (%s) no metadata refers to; garbage collection removes them.",
              leftovers.size(), size(report.leftoverBytes())));
    }
    if (report.foundDamage()) {
      boolean repaired = report.findings().stream().anyMatch(f -> f.repaired() != null);
      lines.add(
          repaired
              ? "Repaired what is safe: push the images named above again to restore what was lost."
              : "Run with --repair (or Repair in the app) to move damaged bytes aside and forget lost ones; then push the"
                  + " images named above again.");
    }
    return lines;
  }

  private static String title(Kind kind) {
    return switch (kind) {
      case DAMAGED_BLOB -> "Damaged blobs";
      case MISSING_BLOB -> "Missing blobs";
      case DAMAGED_MANIFEST -> "Damaged manifests";
      case BROKEN_IMAGE -> "Broken images";
      case LEFTOVER_FILE -> "Leftovers";
    };
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
