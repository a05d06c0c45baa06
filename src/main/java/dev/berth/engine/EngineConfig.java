package dev.berth.engine;

import dev.berth.gc.GcScheduler;
import dev.berth.proxy.ProxySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine needs to start, validated on construction.
 *
 * @param address where the registry API listens
 * @param dataDirectory where blobs and metadata live
 * @param deleteEnabled like registry:2's {@code storage.delete.enabled}; when false, DELETE of
 *     blobs and manifests answers 405 UNSUPPORTED
 * @param chunkMinLength advertised as {@code OCI-Chunk-Min-Length} to clients that upload in
 *     chunks; smaller chunks are still accepted
 * @param auth who may call the registry API (default: no authentication)
 * @param tls plain HTTP or HTTPS, and with which certificate (default: plain HTTP)
 * @param gcSchedule periodic garbage collection (default: none; the app or {@code serve
 *     --gc-every} sets one)
 * @param publicAddress how clients reach the registry, for the token realm and other URLs
 *     (default: worked out per request, never from an untrusted Host)
 * @param responseHeaders added to every API response, like registry:2's {@code http.headers}
 *     (default: none)
 * @param readOnly like registry:2's {@code storage.maintenance.readonly}: pushes and deletions
 *     through the API answer 405 UNSUPPORTED, pulls work (default: false)
 * @param uploadPurging removes upload sessions older than an age on a schedule, like registry:2's
 *     {@code storage.maintenance.uploadpurging} (default: none; garbage collection also removes
 *     uploads older than a day)
 * @param proxy pull-through cache rules given on the command line, on top of the data folder's
 *     {@code proxy.json} (default: none)
 */
public record EngineConfig(ListenAddress address, Path dataDirectory, boolean deleteEnabled, long chunkMinLength,
    AuthSettings auth, TlsSettings tls, Optional<GcScheduler.Schedule> gcSchedule, PublicAddressSettings publicAddress,
    Map<String, List<String>> responseHeaders, boolean readOnly, Optional<UploadPurgeSettings> uploadPurging,
    ProxySettings proxy) {

  /** A chunk size that keeps request overhead low and suits object stores (S3 parts ≥ 5 MiB). */
  public static final long DEFAULT_CHUNK_MIN_LENGTH = 5L * 1024 * 1024;

  public EngineConfig {
    if (address == null) {
      throw new IllegalArgumentException("no listen address");
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("no data folder");
    }
    if (chunkMinLength < 0) {
      throw new IllegalArgumentException("chunk minimum length must not be negative");
    }
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    auth = auth == null ? AuthSettings.NONE : auth;
    tls = tls == null ? TlsSettings.OFF : tls;
    gcSchedule = gcSchedule == null ? Optional.empty() : gcSchedule;
    publicAddress = publicAddress == null ? PublicAddressSettings.NONE : publicAddress;
    responseHeaders = responseHeaders == null ? Map.of() : Map.copyOf(responseHeaders);
    uploadPurging = uploadPurging == null ? Optional.empty() : uploadPurging;
    proxy = proxy == null ? ProxySettings.NONE : proxy;
  }

  public EngineConfig(ListenAddress address, Path dataDirectory, boolean deleteEnabled, long chunkMinLength,
      AuthSettings auth, TlsSettings tls, Optional<GcScheduler.Schedule> gcSchedule, PublicAddressSettings publicAddress) {
    this(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress, Map.of(), false,
        Optional.empty(), ProxySettings.NONE);
  }

  public EngineConfig(ListenAddress address, Path dataDirectory, boolean deleteEnabled, long chunkMinLength,
      AuthSettings auth, TlsSettings tls) {
    this(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, Optional.empty(), PublicAddressSettings.NONE);
  }

  /** Without authentication and without TLS. */
  public EngineConfig(ListenAddress address, Path dataDirectory, boolean deleteEnabled, long chunkMinLength) {
    this(address, dataDirectory, deleteEnabled, chunkMinLength, AuthSettings.NONE, TlsSettings.OFF);
  }

  public static EngineConfig of(ListenAddress address, Path dataDirectory) {
    return new EngineConfig(address, dataDirectory, true, DEFAULT_CHUNK_MIN_LENGTH);
  }

  public EngineConfig withDeleteEnabled(boolean enabled) {
    return new EngineConfig(address, dataDirectory, enabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withAuth(AuthSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, value, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withTls(TlsSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, value, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withGcSchedule(Optional<GcScheduler.Schedule> value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, value, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withPublicAddress(PublicAddressSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, value,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withDataDirectory(Path value) {
    return new EngineConfig(address, value, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withAddress(ListenAddress value) {
    return new EngineConfig(value, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withResponseHeaders(Map<String, List<String>> value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        value, readOnly, uploadPurging, proxy);
  }

  public EngineConfig withReadOnly(boolean value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, value, uploadPurging, proxy);
  }

  public EngineConfig withUploadPurging(Optional<UploadPurgeSettings> value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, value, proxy);
  }

  public EngineConfig withProxy(ProxySettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, publicAddress,
        responseHeaders, readOnly, uploadPurging, value);
  }

  /** The data folder used when none is given: {@code ~/.berth}. */
  public static Path defaultDataDirectory() {
    return Path.of(System.getProperty("user.home"), ".berth");
  }
}
