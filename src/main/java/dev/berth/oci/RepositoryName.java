package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A repository name such as {@code team/app/api}, checked against the distribution spec's grammar
 * before it is used for anything.
 *
 * <p>The grammar admits only lowercase letters, digits and single separators between them, so a
 * valid name can never contain {@code ..}, a leading slash, a backslash or a percent sign.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

  /** Longest name accepted; registry:2 refuses names longer than 255 characters too. */
  public static final int MAX_LENGTH = 255;

  // OCI distribution spec, "Pulling manifests": <name> grammar.
  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern GRAMMAR = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

  public RepositoryName {
    if (value == null || value.isEmpty()) {
      throw new InvalidNameException("repository name is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidNameException(
          "repository name is "
              + value.length()
              + " characters long; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    if (!GRAMMAR.matcher(value).matches()) {
      throw new InvalidNameException(
          "invalid repository name '"
              + value
              + "': use lowercase letters, digits and single separators (. _ __ -), path components joined by /");
    }
  }

  public static RepositoryName parse(String value) {
    return new RepositoryName(value);
  }

  /** The part before the last slash, or an empty string for a top-level repository. */
  public String namespace() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? "" : value.substring(0, slash);
  }

  @Override
  public int compareTo(RepositoryName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
