package dev.berth.metadata;

/** The metadata database failed (as opposed to a lookup that found nothing). */
public final class MetadataException extends RuntimeException {
  public MetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
