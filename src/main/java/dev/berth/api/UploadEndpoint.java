package dev.berth.api;

import static dev.berth.registry.error.RegistryErrorCode.BLOB_UPLOAD_INVALID;
import static dev.berth.registry.error.RegistryErrorCode.DIGEST_INVALID;

import dev.berth.api.access.AccessController;
import dev.berth.api.access.AccessScope;
import dev.berth.events.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.InvalidNameException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.UploadService;
import dev.berth.registry.UploadService.OutOfOrderChunkException;
import dev.berth.registry.error.RegistryException;
import dev.berth.storage.UploadId;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blob uploads (end-4a/4b, end-5, end-6, end-11, end-13): {@code POST} starts an upload, mounts a
 * blob from another repository, or uploads a whole blob at once; {@code PATCH} appends a chunk;
 * {@code PUT} completes; {@code GET} reports progress; {@code DELETE} cancels.
 */
final class UploadEndpoint {
  private final UploadService uploads;
  private final AccessController access;
  private final long chunkMinLength;

  UploadEndpoint(UploadService uploads, AccessController access, long chunkMinLength) {
    this.uploads = uploads;
    this.access = access;
    this.chunkMinLength = chunkMinLength;
  }

  void post(HttpServerExchange exchange, ApiRequest request) throws IOException {
    RepositoryName repository = request.repository();
    String mount = QueryParameters.first(exchange, "mount");
    if (mount != null && tryMount(exchange, request.caller(), repository, Digests.parse(mount))) {
      return;
    }
    String digestParam = QueryParameters.first(exchange, "digest");
    if (digestParam != null) {
      uploadWhole(exchange, request.caller(), repository, Digests.parse(digestParam));
      return;
    }
    UploadId id = uploads.start(request.caller(), repository);
    exchange.getResponseHeaders().put(ApiHeaders.CHUNK_MIN_LENGTH, chunkMinLength);
    progress(exchange, repository, id, 0, StatusCodes.ACCEPTED);
  }

  /**
   * Mounts when the caller may pull from {@code from} and it has the blob; otherwise the spec asks
   * for an ordinary upload session instead (202), which the caller falls back to.
   */
  private boolean tryMount(
      HttpServerExchange exchange, Caller caller, RepositoryName repository, Digest digest)
      throws IOException {
    String fromParam = QueryParameters.first(exchange, "from");
    if (fromParam == null) {
      return false; // Mounting without "from" would reveal blobs of repositories the caller cannot
      // see.
    }
    RepositoryName from;
    try {
      from = RepositoryName.parse(fromParam);
    } catch (InvalidNameException e) {
      return false;
    }
    if (!access.allows(exchange, AccessScope.repository(from, AccessScope.Action.PULL))) {
      return false;
    }
    Optional<Long> mounted = uploads.mount(caller, repository, digest, from);
    if (mounted.isEmpty()) {
      return false;
    }
    created(exchange, repository, digest);
    return true;
  }

  /** {@code POST ?digest=}: the whole blob in one request. */
  private void uploadWhole(
      HttpServerExchange exchange, Caller caller, RepositoryName repository, Digest digest)
      throws IOException {
    UploadId id = uploads.start(caller, repository);
    boolean done = false;
    try {
      uploads.append(
          caller, repository, id, 0, exchange.getInputStream(), exchange.getRequestContentLength());
      uploads.complete(caller, repository, id, digest);
      done = true;
    } finally {
      if (!done) {
        uploads.abandon(id);
      }
    }
    created(exchange, repository, digest);
  }

  void patch(HttpServerExchange exchange, ApiRequest request) throws IOException {
    RepositoryName repository = request.repository();
    UploadId id = UploadService.parseId(request.parameter());
    long size = appendBody(exchange, request.caller(), repository, id);
    progress(exchange, repository, id, size, StatusCodes.ACCEPTED);
  }

  void put(HttpServerExchange exchange, ApiRequest request) throws IOException {
    RepositoryName repository = request.repository();
    UploadId id = UploadService.parseId(request.parameter());
    String digestParam = QueryParameters.first(exchange, "digest");
    if (digestParam == null) {
      throw new RegistryException(DIGEST_INVALID, "completing an upload needs ?digest=<digest>");
    }
    Digest digest = Digests.parse(digestParam);
    if (hasBody(exchange)) {
      appendBody(exchange, request.caller(), repository, id);
    }
    uploads.complete(request.caller(), repository, id, digest);
    created(exchange, repository, digest);
  }

  void get(HttpServerExchange exchange, ApiRequest request) throws IOException {
    RepositoryName repository = request.repository();
    UploadId id = UploadService.parseId(request.parameter());
    progress(exchange, repository, id, uploads.size(repository, id), StatusCodes.NO_CONTENT);
  }

  void delete(HttpServerExchange exchange, ApiRequest request) throws IOException {
    UploadId id = UploadService.parseId(request.parameter());
    uploads.cancel(request.caller(), request.repository(), id);
    Responses.empty(exchange, StatusCodes.NO_CONTENT);
  }

  /**
   * Appends the request body. With {@code Content-Range: <start>-<end>} the chunk must start where
   * the upload ends (else 416, spec end-5); without it the body is appended wherever the upload
   * ends, as Docker's streamed uploads expect.
   */
  private long appendBody(
      HttpServerExchange exchange, Caller caller, RepositoryName repository, UploadId id)
      throws IOException {
    long declaredLength = exchange.getRequestContentLength();
    long start = -1;
    String contentRange = exchange.getRequestHeaders().getFirst(Headers.CONTENT_RANGE);
    if (contentRange != null) {
      long[] range = parseContentRange(contentRange);
      start = range[0];
      long rangeLength = range[1] - range[0] + 1;
      if (declaredLength >= 0 && declaredLength != rangeLength) {
        throw new RegistryException(
            BLOB_UPLOAD_INVALID,
            400,
            "Content-Range "
                + contentRange
                + " covers "
                + rangeLength
                + " bytes but Content-Length is "
                + declaredLength);
      }
      declaredLength = rangeLength;
    }
    try (InputStream body = exchange.getInputStream()) {
      return uploads.append(caller, repository, id, start, body, declaredLength);
    } catch (OutOfOrderChunkException e) {
      progressHeaders(exchange, repository, id, e.currentSize());
      throw new RegistryException(
          BLOB_UPLOAD_INVALID, StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE, e.getMessage());
    }
  }

  /** Parses {@code start-end}, also with the {@code bytes } prefix some clients send. */
  private static long[] parseContentRange(String header) {
    String value = header.trim();
    if (value.startsWith("bytes")) {
      value = value.substring("bytes".length()).replaceFirst("^[ =]", "");
    }
    int dash = value.indexOf('-');
    int slash = value.indexOf('/');
    String end = slash < 0 ? value.substring(dash + 1) : value.substring(dash + 1, slash);
    try {
      long[] range = {Long.parseLong(value.substring(0, dash).trim()), Long.parseLong(end.trim())};
      if (range[0] < 0 || range[1] < range[0]) {
        throw new NumberFormatException();
      }
      return range;
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new RegistryException(
          BLOB_UPLOAD_INVALID,
          StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE,
          "Content-Range must be <start>-<end>, got '"
              + (header.length() > 64 ? header.substring(0, 64) : header)
              + "'");
    }
  }

  private static boolean hasBody(HttpServerExchange exchange) {
    long length = exchange.getRequestContentLength();
    return length > 0
        || (length < 0 && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING));
  }

  private static void progress(
      HttpServerExchange exchange, RepositoryName repository, UploadId id, long size, int status) {
    progressHeaders(exchange, repository, id, size);
    Responses.empty(exchange, status);
  }

  private static void progressHeaders(
      HttpServerExchange exchange, RepositoryName repository, UploadId id, long size) {
    var headers = exchange.getResponseHeaders();
    headers.put(
        Headers.LOCATION, Responses.url(exchange, "/v2/" + repository + "/blobs/uploads/" + id));
    // The spec's Range is inclusive; registry:2 reports "0-0" for an empty upload too.
    headers.put(Headers.RANGE, "0-" + Math.max(0, size - 1));
    headers.put(ApiHeaders.UPLOAD_UUID, id.toString());
  }

  private static void created(
      HttpServerExchange exchange, RepositoryName repository, Digest digest) {
    exchange
        .getResponseHeaders()
        .put(Headers.LOCATION, Responses.url(exchange, "/v2/" + repository + "/blobs/" + digest));
    exchange.getResponseHeaders().put(ApiHeaders.CONTENT_DIGEST, digest.toString());
    Responses.empty(exchange, StatusCodes.CREATED);
  }
}
