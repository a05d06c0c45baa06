package dev.berth.oci.manifest;

/** Thrown when pushed manifest bytes are not a manifest the registry can store. */
public final class InvalidManifestException extends IllegalArgumentException {
  public InvalidManifestException(String message) {
    super(message);
  }
}
