package dev.berth.registry.error;

/**
 * A failure the client caused or must hear about, carried to the API's error responder which writes
 * it in the spec's JSON form. The detail is shown to the client, so it must never contain secrets
 * or file system paths.
 */
public final class RegistryException extends RuntimeException {
  private final RegistryErrorCode code;
  private final int status;
  private final transient Object detail;
  private final java.util.Map<String, String> headers;

  public RegistryException(RegistryErrorCode code, String detail) {
    this(code, code.status(), detail);
  }

  /** For the few cases where the spec pairs a code with a status other than its usual one. */
  public RegistryException(RegistryErrorCode code, int status, Object detail) {
    this(code, status, detail, java.util.Map.of());
  }

  private RegistryException(
      RegistryErrorCode code, int status, Object detail, java.util.Map<String, String> headers) {
    super(code + ": " + detail, null, false, false);
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }

  /**
   * The same error with a response header, e.g. TOOMANYREQUESTS with the upstream's {@code
   * Retry-After}.
   */
  public RegistryException withHeader(String name, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new RegistryException(code, status, detail, java.util.Map.copyOf(more));
  }

  /** Headers the error response carries besides the JSON body. */
  public java.util.Map<String, String> headers() {
    return headers;
  }

  /** The disk is full: 507 with a message saying so and what to do. */
  public static RegistryException storageFull(String message) {
    return new RegistryException(
        RegistryErrorCode.UNAVAILABLE, RegistryErrorCode.INSUFFICIENT_STORAGE, message);
  }

  public RegistryErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** A string or a small JSON-serialisable value; may be null. */
  public Object detail() {
    return detail;
  }
}
