package dev.berth.users;

import java.util.regex.Pattern;

/**
 * A repository name prefix a user can be limited to: {@code team-a} covers {@code team-a/app} and
 * {@code team-a/tools/cli} (what {@code team-a/*} means in the UI), but not {@code team-a} itself
 * nor {@code team-ab/app}. Written as {@code team-a} or {@code team-a/*}.
 */
public record Namespace(String prefix) {
  // The path components of a repository name (OCI distribution spec, "name" grammar).
  private static final Pattern VALID =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  public Namespace {
    if (prefix == null || !VALID.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "'" + prefix + "' is not a namespace (expected e.g. team-a or team-a/*)");
    }
  }

  public static Namespace parse(String text) {
    String p = text.strip();
    if (p.endsWith("/*")) {
      p = p.substring(0, p.length() - 2);
    }
    return new Namespace(p);
  }

  public boolean covers(String repository) {
    return repository.startsWith(prefix + "/");
  }

  @Override
  public String toString() {
    return prefix + "/*";
  }
}
