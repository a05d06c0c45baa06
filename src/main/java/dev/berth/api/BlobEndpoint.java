package dev.berth.api;

import dev.berth.oci.Digest;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.BlobService;
import dev.berth.registry.BlobService.BlobContent;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ETag;
import io.undertow.util.ETagUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** {@code GET/HEAD/DELETE /v2/<name>/blobs/<digest>} (end-2, end-10). */
final class BlobEndpoint {
  private static final int COPY_BUFFER = 64 * 1024;

  private final BlobService blobs;

  BlobEndpoint(BlobService blobs) {
    this.blobs = blobs;
  }

  void get(HttpServerExchange exchange, ApiRequest request) throws IOException {
    Digest digest = Digests.parse(request.parameter());
    BlobContent blob = blobs.find(request.repository(), digest);
    var headers = exchange.getResponseHeaders();
    headers.put(ApiHeaders.CONTENT_DIGEST, digest.toString());
    headers.put(Headers.ETAG, "\"" + digest + "\"");
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    // Content-addressed: the bytes behind this URL can never change.
    headers.put(Headers.CACHE_CONTROL, "max-age=31536000");
    headers.put(Headers.CONTENT_TYPE, "application/octet-stream");
    if (!ETagUtils.handleIfNoneMatch(exchange, new ETag(false, digest.toString()), false)) {
      Responses.empty(exchange, StatusCodes.NOT_MODIFIED);
      return;
    }
    ByteRange range;
    try {
      range = ByteRange.parse(exchange.getRequestHeaders().getFirst(Headers.RANGE), blob.size());
    } catch (ByteRange.UnsatisfiableException e) {
      headers.put(Headers.CONTENT_RANGE, "bytes */" + blob.size());
      Responses.empty(exchange, StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE);
      return;
    }
    if (range == null || range.length() == blob.size()) {
      sendWhole(exchange, blob);
    } else {
      sendRange(exchange, blob, range);
    }
  }

  private static void sendWhole(HttpServerExchange exchange, BlobContent blob) throws IOException {
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, blob.size());
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    sendBytes(exchange, blob, 0, blob.size());
  }

  /**
   * Sends {@code length} bytes from {@code offset}: a local file without holding this thread while
   * the client reads ({@link FileSend}), anything else through one fixed buffer.
   */
  private static void sendBytes(HttpServerExchange exchange, BlobContent blob, long offset, long length)
      throws IOException {
    Optional<Path> file = blob.localFile();
    if (file.isPresent()) {
      FileChannel channel;
      try {
        channel = FileChannel.open(file.get(), StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        // A garbage collection removed the unused blob since it was looked up: it is unknown now.
        for (var header : List.of(Headers.CONTENT_LENGTH, Headers.CONTENT_RANGE, Headers.ETAG, Headers.ACCEPT_RANGES,
            Headers.CACHE_CONTROL, Headers.CONTENT_TYPE, ApiHeaders.CONTENT_DIGEST)) {
          exchange.getResponseHeaders().remove(header);
        }
        throw new RegistryException(RegistryErrorCode.BLOB_UNKNOWN, "blob " + blob.digest() + " was just garbage-collected");
      }
      FileSend.start(exchange, channel, offset, length);
      return;
    }
    copy(exchange, blob, offset, length);
  }

  private static void sendRange(HttpServerExchange exchange, BlobContent blob, ByteRange range) throws IOException {
    exchange.setStatusCode(StatusCodes.PARTIAL_CONTENT);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, range.length());
    exchange.getResponseHeaders().put(Headers.CONTENT_RANGE,
        "bytes " + range.start() + "-" + range.end() + "/" + blob.size());
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    sendBytes(exchange, blob, range.start(), range.length());
  }

  /** Streams {@code length} bytes from {@code offset} through one fixed buffer. */
  private static void copy(HttpServerExchange exchange, BlobContent blob, long offset, long length) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    try (InputStream in = blob.open(offset); OutputStream out = exchange.getOutputStream()) {
      long remaining = length;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException("blob " + blob.digest() + " ended " + remaining + " bytes early");
        }
        write(out, buffer, n);
        remaining -= n;
      }
    }
    exchange.endExchange();
  }

  private static void write(OutputStream out, byte[] buffer, int n) throws ResponseAbortedException {
    try {
      out.write(buffer, 0, n);
    } catch (IOException e) {
      throw new ResponseAbortedException(e);
    }
  }

  void delete(HttpServerExchange exchange, ApiRequest request) {
    Digest digest = Digests.parse(request.parameter());
    blobs.delete(request.repository(), digest);
    Responses.empty(exchange, StatusCodes.ACCEPTED);
  }
}
