package dev.berth.storage.fs;

import dev.berth.oci.Digest;
import dev.berth.storage.UploadId;
import java.nio.file.Path;

/**
 * The only code that turns identifiers into paths under the blob root. Layout:
 *
 * <pre>
 * &lt;root&gt;/
 *   blobs/
 *     sha256/
 *       6c/
 *         6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b   verified content
 *     sha512/…
 *   uploads/
 *     1f0e3a9c-…-5d2c          bytes of an upload in progress (never read by clients)
 *   trash/
 *     sha256-6c3c…-&lt;uuid&gt;      left by older versions only: bytes a collection was deleting
 *   damaged/
 *     sha256-6c3c…-&lt;millis&gt;    bytes a storage check found not to match their digest (kept for a person)
 * </pre>
 *
 * <p>Both inputs are already-validated value types ({@link Digest}: algorithm plus fixed-length
 * lowercase hex; {@link UploadId}: canonical UUID), so no request text can reach a path.
 */
final class BlobPaths {
  private final Path blobs;
  private final Path uploads;
  private final Path trash;
  private final Path damaged;

  BlobPaths(Path root) {
    this.blobs = root.resolve("blobs");
    this.uploads = root.resolve("uploads");
    this.trash = root.resolve("trash");
    this.damaged = root.resolve("damaged");
  }

  Path blob(Digest digest) {
    String hex = digest.hex();
    return blobs.resolve(digest.algorithm().prefix()).resolve(hex.substring(0, 2)).resolve(hex);
  }

  Path blobsRoot() {
    return blobs;
  }

  Path upload(UploadId id) {
    return uploads.resolve(id.toString());
  }

  Path uploadsRoot() {
    return uploads;
  }

  /** Where damaged bytes of {@code digest} go, with the time they were found. */
  Path damaged(Digest digest, java.time.Instant found) {
    return damaged.resolve(
        digest.algorithm().prefix() + "-" + digest.hex() + "-" + found.toEpochMilli());
  }

  Path damagedRoot() {
    return damaged;
  }

  /** The trash folder of older versions, which moved bytes there while deleting them. */
  Path trashRoot() {
    return trash;
  }

  /** The digest a trash file holds, or null for a file that is not ours. */
  static Digest trashedDigest(Path trashFile) {
    String[] parts = trashFile.getFileName().toString().split("-", 3);
    if (parts.length != 3) {
      return null;
    }
    try {
      return Digest.parse(parts[0] + ":" + parts[1]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
