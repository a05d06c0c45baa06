package dev.berth.check;

import dev.berth.oci.Digest;
import java.util.List;

/**
 * One thing a storage check found, in words a person can act on.
 *
 * @param kind what is wrong
 * @param digest the blob or manifest concerned
 * @param bytes its size, when known (0 otherwise)
 * @param usedBy the images ({@code repository:tag}) that need it, so their owners can push again
 * @param repaired what {@code --repair} did about it, or null
 */
public record CheckFinding(
    Kind kind, Digest digest, long bytes, List<String> usedBy, String repaired) {

  public enum Kind {
    /** The bytes on disk do not hash to their digest: damage. */
    DAMAGED_BLOB(true, "bytes do not match the digest"),
    /** The metadata records the blob, but its file is gone: damage. */
    MISSING_BLOB(true, "recorded, but its file is gone"),
    /** A stored manifest's bytes do not hash to its digest: damage. */
    DAMAGED_MANIFEST(true, "manifest bytes do not match the digest"),
    /** An image references a blob nobody has (forgotten by an earlier repair, say): damage. */
    BROKEN_IMAGE(true, "references a blob this registry does not have"),
    /** A file no metadata knows: not damage; garbage collection removes it. */
    LEFTOVER_FILE(false, "a file no metadata refers to (garbage collection removes it)");

    private final boolean damage;
    private final String words;

    Kind(boolean damage, String words) {
      this.damage = damage;
      this.words = words;
    }

    public boolean isDamage() {
      return damage;
    }

    public String words() {
      return words;
    }
  }

  public CheckFinding {
    usedBy = List.copyOf(usedBy);
  }

  CheckFinding withRepair(String what) {
    return new CheckFinding(kind, digest, bytes, usedBy, what);
  }
}
