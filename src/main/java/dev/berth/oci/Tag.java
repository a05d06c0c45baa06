package dev.berth.oci;

import java.util.regex.Pattern;

/** A tag such as {@code 1.2.0} or {@code latest}, checked against the spec's grammar. */
public record Tag(String value) implements Comparable<Tag> {

  // OCI distribution spec: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}
  private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (value == null || !GRAMMAR.matcher(value).matches()) {
      throw new InvalidNameException(
          "invalid tag '" + value + "': up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
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
