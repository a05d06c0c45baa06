package dev.berth.storage;

import dev.berth.oci.Digest;
import java.io.IOException;

/** A blob's bytes moved aside by {@link BlobStore#trash}: either purged for good or restored. */
public interface TrashedBlob {
  Digest digest();

  /** Deletes the bytes; called once the metadata deletion committed. */
  void purge() throws IOException;

  /** Puts the bytes back; called when the deletion was rolled back. */
  void restore() throws IOException;
}
