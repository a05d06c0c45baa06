package dev.berth.oci;

/** A tag such as {@code 1.2.0} or {@code latest}, checked against the spec's grammar. */
public record Tag(String value) implements Comparable<Tag> {

  private static final int MAX_LENGTH = 128;

  public Tag {
    if (!matchesGrammar(value)) {
      throw new InvalidNameException(
          "invalid tag '"
              + value
              + "': up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
  }

  /**
   * The OCI distribution spec's {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}, written out: a tags list
   * builds thousands of tags per response, and the regular expression was a third of its time.
   */
  private static boolean matchesGrammar(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    char first = value.charAt(0);
    if (!isAsciiLetterOrDigit(first) && first != '_') {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  public static Tag parse(String value) {
    return new Tag(value);
  }

  @Override
  public int compareTo(Tag o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
