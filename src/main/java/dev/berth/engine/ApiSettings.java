package dev.berth.engine;

import java.util.List;
import java.util.Map;

/**
 * How the registry API behaves for clients.
 *
 * @param deleteEnabled like registry:2's {@code storage.delete.enabled}; when false, DELETE of
 *     blobs and manifests answers 405 UNSUPPORTED
 * @param readOnly like registry:2's {@code storage.maintenance.readonly}: pushes and deletions
 *     answer 405 UNSUPPORTED, pulls work
 * @param chunkMinLength advertised as {@code OCI-Chunk-Min-Length} to clients that upload in
 *     chunks; smaller chunks are still accepted
 * @param responseHeaders added to every API response, like registry:2's {@code http.headers}
 */
public record ApiSettings(
    boolean deleteEnabled,
    boolean readOnly,
    long chunkMinLength,
    Map<String, List<String>> responseHeaders) {

  /** A chunk size that keeps request overhead low and suits object stores (S3 parts ≥ 5 MiB). */
  public static final long DEFAULT_CHUNK_MIN_LENGTH = 5L * 1024 * 1024;

  /** Deletion on, writable, the default chunk size, no extra headers. */
  public static final ApiSettings DEFAULT =
      new ApiSettings(true, false, DEFAULT_CHUNK_MIN_LENGTH, Map.of());

  public ApiSettings {
    if (chunkMinLength < 0) {
      throw new IllegalArgumentException("chunk minimum length must not be negative");
    }
    responseHeaders = responseHeaders == null ? Map.of() : Map.copyOf(responseHeaders);
  }
}
