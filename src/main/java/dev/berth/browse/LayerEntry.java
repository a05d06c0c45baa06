package dev.berth.browse;

import java.time.Instant;

/**
 * One entry of a layer tar as a person wants to see it.
 *
 * @param path the entry's path without a leading {@code ./} or {@code /}; for a whiteout, the path
 *     it removes from lower layers (for an opaque whiteout, the directory it empties)
 * @param size bytes of a regular file, 0 otherwise
 * @param mode the permission bits (e.g. {@code 0755}), without the file type
 * @param linkTarget where a symlink or hard link points; null for other kinds
 */
public record LayerEntry(
    String path, Kind kind, long size, int mode, String linkTarget, Instant modified) {

  /** What an entry is; whiteouts follow the OCI image spec's layer format. */
  public enum Kind {
    FILE('-'),
    DIRECTORY('d'),
    SYMLINK('l'),
    HARDLINK('h'),
    /** {@code .wh.<name>}: deletes {@code <name>} from the layers below. */
    WHITEOUT('w'),
    /** {@code .wh..wh..opq}: hides everything the layers below have in this directory. */
    OPAQUE_WHITEOUT('o'),
    /** Devices, FIFOs and other special files. */
    OTHER('?');

    private final char symbol;

    Kind(char symbol) {
      this.symbol = symbol;
    }

    char symbol() {
      return symbol;
    }
  }

  /** The name after the last slash. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** {@code ls -l} style, e.g. {@code -rwxr-xr-x} or {@code lrwxrwxrwx}. */
  public String modeString() {
    StringBuilder s = new StringBuilder(10).append(kind.symbol());
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      s.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    if ((mode & 04000) != 0) {
      s.setCharAt(3, s.charAt(3) == 'x' ? 's' : 'S');
    }
    if ((mode & 02000) != 0) {
      s.setCharAt(6, s.charAt(6) == 'x' ? 's' : 'S');
    }
    if ((mode & 01000) != 0) {
      s.setCharAt(9, s.charAt(9) == 'x' ? 't' : 'T');
    }
    return s.toString();
  }
}
