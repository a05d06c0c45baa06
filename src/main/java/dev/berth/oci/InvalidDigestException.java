package dev.berth.oci;

/** Thrown when text that should be a digest is not one. */
public final class InvalidDigestException extends IllegalArgumentException {
  public InvalidDigestException(String message) {
    super(message);
  }
}
