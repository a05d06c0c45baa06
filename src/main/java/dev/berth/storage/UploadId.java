package dev.berth.storage;

import java.util.UUID;

/** The id of an upload session: a random UUID, in canonical lowercase form. */
public record UploadId(UUID uuid) {

  public static UploadId random() {
    return new UploadId(UUID.randomUUID());
  }

  /**
   * Parses an id received from a client. Only the canonical form is accepted, so that an id can
   * name a file without any other check.
   */
  public static UploadId parse(String text) {
    if (text == null || text.length() != 36) {
      throw new IllegalArgumentException("not an upload id");
    }
    UUID uuid = UUID.fromString(text);
    if (!uuid.toString().equals(text)) {
      throw new IllegalArgumentException("not an upload id");
    }
    return new UploadId(uuid);
  }

  @Override
  public String toString() {
    return uuid.toString();
  }
}
