package dev.berth.engine;

import dev.berth.gc.GcScheduler;
import java.nio.file.Path;
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
 */
public record EngineConfig(ListenAddress address, Path dataDirectory, boolean deleteEnabled, long chunkMinLength,
    AuthSettings auth, TlsSettings tls, Optional<GcScheduler.Schedule> gcSchedule, PublicAddressSettings publicAddress) {

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
    return new EngineConfig(address, dataDirectory, enabled, chunkMinLength, auth, tls, gcSchedule, publicAddress);
  }

  public EngineConfig withAuth(AuthSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, value, tls, gcSchedule, publicAddress);
  }

  public EngineConfig withTls(TlsSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, value, gcSchedule, publicAddress);
  }

  public EngineConfig withGcSchedule(Optional<GcScheduler.Schedule> value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, value, publicAddress);
  }

  public EngineConfig withPublicAddress(PublicAddressSettings value) {
    return new EngineConfig(address, dataDirectory, deleteEnabled, chunkMinLength, auth, tls, gcSchedule, value);
  }

  /** The data folder used when none is given: {@code ~/.berth}. */
  public static Path defaultDataDirectory() {
    return Path.of(System.getProperty("user.home"), ".berth");
  }
}
