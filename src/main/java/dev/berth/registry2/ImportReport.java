package dev.berth.registry2;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import brought over, and what it left out and why. Leaving something out is not a failure
 * (a blob a garbage collection removed cannot come along); the import throws only when it could not
 * do its work.
 *
 * @param repositories repositories with at least one manifest imported
 * @param manifests manifests imported (images and indexes), per repository
 * @param tags tags imported
 * @param blobsLinked distinct blobs taken in by hard link (no bytes copied)
 * @param blobsCopied distinct blobs copied (the folders are on different file systems)
 * @param blobsPresent distinct blobs Berth had already (an earlier, interrupted run)
 * @param blobBytes the bytes of every distinct blob imported
 * @param copiedBytes the part of those that was copied
 * @param unreferencedBlobs blobs in registry:2's folder that no repository links (left for its GC)
 * @param unreferencedBytes their bytes
 * @param unfinishedUploads uploads in progress, which cannot be resumed elsewhere
 * @param usersAdded users from the htpasswd file that are new to Berth
 * @param usersUpdated users that existed and got the file's password
 * @param skipped everything left out, with the reason
 */
public record ImportReport(
    int repositories,
    int manifests,
    int tags,
    int blobsLinked,
    int blobsCopied,
    int blobsPresent,
    long blobBytes,
    long copiedBytes,
    int unreferencedBlobs,
    long unreferencedBytes,
    int unfinishedUploads,
    List<String> usersAdded,
    List<String> usersUpdated,
    List<Skipped> skipped) {

  public ImportReport {
    usersAdded = List.copyOf(usersAdded);
    usersUpdated = List.copyOf(usersUpdated);
    skipped = List.copyOf(skipped);
  }

  /**
   * Something not imported: what it is (a repository, tag, manifest, blob or htpasswd line) and
   * why.
   */
  public record Skipped(String item, String reason) {
    @Override
    public String toString() {
      return item + ": " + reason;
    }
  }

  /** The report as lines for a terminal or a dialog. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Imported "
            + repositories
            + " repositories, "
            + manifests
            + " manifests, "
            + tags
            + " tags");
    lines.add(
        "Blobs: "
            + (blobsLinked + blobsCopied + blobsPresent)
            + " ("
            + Sizes.human(blobBytes)
            + "): "
            + blobsLinked
            + " hard-linked, "
            + blobsCopied
            + " copied ("
            + Sizes.human(copiedBytes)
            + "), "
            + blobsPresent
            + " already in Berth");
    if (!usersAdded.isEmpty() || !usersUpdated.isEmpty()) {
      lines.add(
          "Users: "
              + usersAdded.size()
              + " added"
              + (usersAdded.isEmpty() ? "" : " (" + String.join(", ", usersAdded) + ")")
              + ", "
              + usersUpdated.size()
              + " updated"
              + (usersUpdated.isEmpty() ? "" : " (" + String.join(", ", usersUpdated) + ")"));
    }
    if (unreferencedBlobs > 0) {
      lines.add(
          "Not imported: "
              + unreferencedBlobs
              + " blobs ("
              + Sizes.human(unreferencedBytes)
              + ") that no repository links (registry:2's garbage collection would remove them)");
    }
    if (unfinishedUploads > 0) {
      lines.add(
          "Not imported: " + unfinishedUploads + " unfinished uploads (clients push them again)");
    }
    if (!skipped.isEmpty()) {
      lines.add("Skipped " + skipped.size() + ":");
      skipped.forEach(s -> lines.add("  " + s));
    }
    return lines;
  }

  /** Byte counts as people read them. */
  static final class Sizes {
    private Sizes() {}

    static String human(long bytes) {
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
      return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
  }
}
