package dev.berth.proxy;

import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import java.io.IOException;

/** An upstream that did not give what was asked, classified so the cache knows what it may do. */
public final class UpstreamException extends IOException {

  /** What went wrong, and whether a cached copy may be served instead. */
  public enum Kind {
    /** No connection, a timeout, a TLS failure: the cached copy is served (stale-if-error). */
    UNREACHABLE(true),
    /** A 5xx answer: stale-if-error as well. */
    SERVER_ERROR(true),
    /**
     * 401/403 even with the stored login (or none): the client must hear it if nothing is cached.
     */
    DENIED(true),
    /**
     * 429: rate limited; the cached copy is served, else the client hears the upstream's
     * Retry-After.
     */
    TOO_MANY_REQUESTS(true),
    /** 404: the upstream does not have it (a moved tag that was deleted is gone here too). */
    NOT_FOUND(false),
    /** A wrong digest, a short body, an unreadable manifest: never cached. */
    BAD_CONTENT(true);

    private final boolean staleAllowed;

    Kind(boolean staleAllowed) {
      this.staleAllowed = staleAllowed;
    }

    public boolean staleAllowed() {
      return staleAllowed;
    }
  }

  private final Kind kind;
  private final String retryAfter;
  private final String upstreamCode;

  public UpstreamException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  public UpstreamException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, null, cause);
  }

  UpstreamException(
      Kind kind, String message, String retryAfter, String upstreamCode, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.upstreamCode = upstreamCode;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * What the client hears when nothing cached can stand in.
   *
   * @param notFound MANIFEST_UNKNOWN or BLOB_UNKNOWN, as the request was for one or the other
   */
  public RegistryException toClientError(RegistryErrorCode notFound) {
    return switch (kind) {
      case NOT_FOUND ->
          new RegistryException(
              "NAME_UNKNOWN".equals(upstreamCode) ? RegistryErrorCode.NAME_UNKNOWN : notFound,
              getMessage());
      case DENIED -> new RegistryException(RegistryErrorCode.DENIED, getMessage());
      case TOO_MANY_REQUESTS -> {
        RegistryException e =
            new RegistryException(RegistryErrorCode.TOOMANYREQUESTS, getMessage());
        yield retryAfter == null ? e : e.withHeader("Retry-After", retryAfter);
      }
      case UNREACHABLE, SERVER_ERROR ->
          new RegistryException(RegistryErrorCode.UNAVAILABLE, getMessage());
      case BAD_CONTENT -> new RegistryException(RegistryErrorCode.UNAVAILABLE, 502, getMessage());
    };
  }
}
