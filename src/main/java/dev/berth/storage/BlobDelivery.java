package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * How a range of a blob's bytes reaches a client, as the store that holds them can best deliver it:
 * a region of a local file (which the HTTP layer hands to the kernel), a stream (from a remote
 * source, or bytes in memory), or a URL the client fetches by itself (an object store's pre-signed
 * link). The HTTP layer decides nothing about where bytes live.
 */
public sealed interface BlobDelivery {

  /** {@code length} bytes of {@code file} from {@code offset}, for {@code sendfile}. */
  record FileRegion(Path file, long offset, long length) implements BlobDelivery {}

  /** Bytes to copy, already positioned at the range's start; at least {@code length} of them. */
  record Stream(Opener opener, long length) implements BlobDelivery {}

  /** The client is redirected here (307), and fetches the bytes itself. */
  record Redirect(URI location) implements BlobDelivery {}

  /** Opens the stream of a {@link Stream} delivery; called once. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }
}
