package dev.berth.metadata;

/** The metadata database failed (as opposed to a lookup that found nothing). */
public final class MetadataException extends RuntimeException {
  private final boolean temporary;

  public MetadataException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private MetadataException(String message, Throwable cause, boolean temporary) {
    super(message, cause);
    this.temporary = temporary;
  }

  /**
   * The database cannot answer for a moment (it is being reopened after a failed write): the same
   * request may well succeed in a second, so the client hears "unavailable", not "internal error".
   */
  public static MetadataException temporarilyUnavailable(String message, Throwable cause) {
    return new MetadataException(message, cause, true);
  }

  /** Whether retrying shortly may succeed; see {@link #temporarilyUnavailable}. */
  public boolean temporary() {
    return temporary;
  }
}
