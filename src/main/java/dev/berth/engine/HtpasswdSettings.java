package dev.berth.engine;

import java.nio.file.Path;

/**
 * Basic authentication against an htpasswd file instead of Berth's own users, as registry:2's
 * {@code auth.htpasswd} does: every user in the file may pull, push and delete, and the file is
 * read again whenever it changes.
 *
 * @param realm the realm named in the Basic challenge
 * @param file bcrypt entries ({@code htpasswd -B}); other lines are skipped with a warning
 */
public record HtpasswdSettings(String realm, Path file) {
  public HtpasswdSettings {
    if (realm == null || realm.isBlank() || realm.contains("\"") || realm.matches(".*[\\r\\n].*")) {
      throw new IllegalArgumentException(
          "the Basic realm must be a non-empty word without quotes or line breaks");
    }
    if (file == null) {
      throw new IllegalArgumentException("no htpasswd file");
    }
    file = file.toAbsolutePath().normalize();
  }
}
