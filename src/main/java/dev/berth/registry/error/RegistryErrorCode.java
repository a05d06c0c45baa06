package dev.berth.registry.error;

/**
 * Every error the registry API reports, with the spec's code, message and HTTP status (OCI
 * distribution spec, "Error Codes"; Docker Registry HTTP API v2, "Errors").
 */
public enum RegistryErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  /** 400 as in registry:2 and the Docker API: the request is wrong, not the URL. */
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  /**
   * Distribution's code for a registry that cannot take the request now; Berth sends it with 507
   * Insufficient Storage when the disk is full ({@link #storageFull}).
   */
  UNAVAILABLE(503, "service unavailable"),
  /** registry:2's code for a bad {@code n} or {@code last} pagination parameter. */
  PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
  /** Reported only with a logged incident id; never carries internal details. */
  INTERNAL(500, "internal server error");

  private final int status;
  private final String message;

  RegistryErrorCode(int status, String message) {
    this.status = status;
    this.message = message;
  }

  /** HTTP 507 Insufficient Storage (RFC 4918), for a full disk. */
  public static final int INSUFFICIENT_STORAGE = 507;

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }
}
