package dev.berth.oci;

/** Thrown when a repository name or tag does not follow the distribution spec's grammar. */
public final class InvalidNameException extends IllegalArgumentException {
  public InvalidNameException(String message) {
    super(message);
  }
}
