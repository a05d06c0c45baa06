package dev.berth.api;

import dev.berth.oci.Digest;
import dev.berth.registry.BlobService;
import dev.berth.registry.BlobService.BlobContent;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.BlobDelivery;
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
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.xnio.IoUtils;

/** {@code GET/HEAD/DELETE /v2/<name>/blobs/<digest>} (end-2, end-10). */
final class BlobEndpoint {
  private static final int COPY_BUFFER = 64 * 1024;

  private final BlobService blobs;

  BlobEndpoint(BlobService blobs) {
    this.blobs = blobs;
  }

  void get(HttpServerExchange exchange, ApiRequest request) throws IOException {
    Digest digest = Digests.parse(request.parameter());
    BlobContent blob =
        blobs.find(
            request.caller(),
            request.repository(),
            digest,
            exchange.getRequestMethod().equals(Methods.GET));
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
   * Sends {@code length} bytes from {@code offset} as the store delivers them: a file region
   * without holding this thread while the client reads ({@link FileSend}), a stream through one
   * fixed buffer, or a redirect the client follows itself.
   */
  private static void sendBytes(
      HttpServerExchange exchange, BlobContent blob, long offset, long length) throws IOException {
    BlobDelivery delivery = blob.deliver(offset, length);
    if (delivery instanceof BlobDelivery.FileRegion region) {
      FileChannel channel;
      try {
        channel = FileChannel.open(region.file(), StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        // A garbage collection removed the unused blob since it was looked up: it is unknown now.
        forgetContentHeaders(exchange);
        throw new RegistryException(
            RegistryErrorCode.BLOB_UNKNOWN,
            "blob " + blob.digest() + " was just garbage-collected");
      }
      FileSend.start(exchange, channel, region.offset(), region.length());
    } else if (delivery instanceof BlobDelivery.Stream stream) {
      copy(exchange, blob.digest(), stream, length);
    } else if (delivery instanceof BlobDelivery.Redirect redirect) {
      exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
      exchange.getResponseHeaders().put(Headers.LOCATION, redirect.location().toString());
      Responses.empty(exchange, StatusCodes.TEMPORARY_REDIRECT);
    }
  }

  private static void sendRange(HttpServerExchange exchange, BlobContent blob, ByteRange range)
      throws IOException {
    exchange.setStatusCode(StatusCodes.PARTIAL_CONTENT);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, range.length());
    exchange
        .getResponseHeaders()
        .put(
            Headers.CONTENT_RANGE,
            "bytes " + range.start() + "-" + range.end() + "/" + blob.size());
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    sendBytes(exchange, blob, range.start(), range.length());
  }

  /**
   * Streams {@code length} bytes through one fixed buffer. When the source fails midway (a
   * pull-through fetch whose upstream broke off), the output is not closed: closing would send the
   * bytes buffered so far as a complete response with a shorter Content-Length. The connection is
   * cut instead, so the client sees the failure; before the first byte, the error is answered.
   */
  private static void copy(
      HttpServerExchange exchange, Digest digest, BlobDelivery.Stream stream, long length)
      throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    OutputStream out = exchange.getOutputStream();
    long remaining = length;
    try (InputStream in = stream.opener().open()) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException("blob " + digest + " ended " + remaining + " bytes early");
        }
        write(out, buffer, n);
        remaining -= n;
      }
    } catch (IOException | RuntimeException e) {
      if (remaining < length || exchange.isResponseStarted()) {
        IoUtils.safeClose(exchange.getConnection());
        throw e instanceof ResponseAbortedException aborted
            ? aborted
            : new ResponseAbortedException(
                new IOException(
                    "blob "
                        + digest
                        + " broke off after "
                        + (length - remaining)
                        + " bytes: "
                        + e.getMessage(),
                    e));
      }
      // The error answered instead must not be cached as the blob for a year.
      forgetContentHeaders(exchange);
      throw e;
    }
    out.close();
    exchange.endExchange();
  }

  /** Takes back the headers that describe the blob, before an error is answered in its place. */
  private static void forgetContentHeaders(HttpServerExchange exchange) {
    for (var header :
        List.of(
            Headers.CONTENT_LENGTH,
            Headers.CONTENT_RANGE,
            Headers.ETAG,
            Headers.ACCEPT_RANGES,
            Headers.CACHE_CONTROL,
            Headers.CONTENT_TYPE,
            ApiHeaders.CONTENT_DIGEST)) {
      exchange.getResponseHeaders().remove(header);
    }
  }

  private static void write(OutputStream out, byte[] buffer, int n)
      throws ResponseAbortedException {
    try {
      out.write(buffer, 0, n);
    } catch (IOException e) {
      throw new ResponseAbortedException(e);
    }
  }

  void delete(HttpServerExchange exchange, ApiRequest request) {
    Digest digest = Digests.parse(request.parameter());
    blobs.delete(request.caller(), request.repository(), digest);
    Responses.empty(exchange, StatusCodes.ACCEPTED);
  }
}
