package dev.berth.users;

import dev.berth.security.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The htpasswd format as Apache's {@code htpasswd -B} and registry:2 use it: one {@code name:hash}
 * per line. Only bcrypt hashes are accepted, because they are the only kind registry:2 (and Berth)
 * verify; MD5 ({@code $apr1$}), SHA1 and crypt lines are reported by line number.
 */
public final class HtpasswdFile {
  private HtpasswdFile() {}

  /** One account line. */
  public record Entry(String name, String hash) {
    @Override
    public String toString() {
      return "Entry[" + name + "]";
    }
  }

  /**
   * @throws HtpasswdFormatException naming the first bad line
   */
  public static List<Entry> read(Path file) throws IOException {
    Contents contents = readLeniently(file);
    if (!contents.skipped().isEmpty()) {
      Skipped first = contents.skipped().get(0);
      throw new HtpasswdFormatException(file, first.line(), first.reason());
    }
    return contents.entries();
  }

  /** A line that was left out, and why (never with its hash). */
  public record Skipped(int line, String name, String reason) {}

  /** The usable entries of a file, and the lines left out. */
  public record Contents(List<Entry> entries, List<Skipped> skipped) {
    public Contents {
      entries = List.copyOf(entries);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Reads every usable line and reports the others instead of failing on the first: registry:2
   * files may hold MD5 or SHA1 lines that it never accepted either.
   */
  public static Contents readLeniently(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        skipped.add(new Skipped(i + 1, null, "expected NAME:HASH"));
        continue;
      }
      String name = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      try {
        UserName.check(name);
      } catch (IllegalArgumentException e) {
        skipped.add(new Skipped(i + 1, null, e.getMessage()));
        continue;
      }
      if (!BcryptPasswords.isBcrypt(hash)) {
        // Never quote the hash itself in the message.
        skipped.add(
            new Skipped(
                i + 1,
                name,
                "the hash of '" + name + "' is not bcrypt; create it with 'htpasswd -B'"));
        continue;
      }
      entries.add(new Entry(name, hash));
    }
    return new Contents(entries, skipped);
  }

  /** Writes the entries, replacing the file; the caller decides the file's permissions. */
  public static void write(Path file, List<Entry> entries) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Entry e : entries) {
      text.append(e.name()).append(':').append(e.hash()).append('\n');
    }
    PrivateFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A line of an htpasswd file Berth cannot use. */
  public static final class HtpasswdFormatException extends IOException {
    public HtpasswdFormatException(Path file, int line, String reason) {
      super(file + " line " + line + ": " + reason);
    }
  }
}
