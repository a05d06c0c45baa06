package dev.berth.engine;

import dev.berth.gc.GcScheduler;
import dev.berth.proxy.ProxySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the engine needs to start, validated on construction, in groups that each feature
 * reads on its own.
 *
 * @param address where the registry API listens
 * @param dataDirectory where blobs and metadata live
 * @param api how the API behaves: deletion, read-only, chunk size, extra headers
 * @param auth who may call the registry API (default: no authentication)
 * @param tls plain HTTP or HTTPS, and with which certificate (default: plain HTTP)
 * @param publicAddress how clients reach the registry, for the token realm and other URLs (default:
 *     worked out per request, never from an untrusted Host)
 * @param maintenance scheduled garbage collection and upload purging (default: none)
 * @param proxy pull-through cache rules given on the command line, on top of the data folder's
 *     {@code proxy.json} (default: none)
 * @param events whether events also go to a durable outbox (default: in process only)
 */
public record EngineConfig(
    ListenAddress address,
    Path dataDirectory,
    ApiSettings api,
    AuthSettings auth,
    TlsSettings tls,
    PublicAddressSettings publicAddress,
    MaintenanceSettings maintenance,
    ProxySettings proxy,
    EventSettings events) {

  public EngineConfig {
    if (address == null) {
      throw new IllegalArgumentException("no listen address");
    }
    if (dataDirectory == null) {
      throw new IllegalArgumentException("no data folder");
    }
    dataDirectory = dataDirectory.toAbsolutePath().normalize();
    api = api == null ? ApiSettings.DEFAULT : api;
    auth = auth == null ? AuthSettings.NONE : auth;
    tls = tls == null ? TlsSettings.OFF : tls;
    publicAddress = publicAddress == null ? PublicAddressSettings.NONE : publicAddress;
    maintenance = maintenance == null ? MaintenanceSettings.NONE : maintenance;
    proxy = proxy == null ? ProxySettings.NONE : proxy;
    events = events == null ? EventSettings.IN_PROCESS : events;
  }

  /** Plain HTTP, no authentication, deletion on, nothing scheduled. */
  public static EngineConfig of(ListenAddress address, Path dataDirectory) {
    return new EngineConfig(address, dataDirectory, null, null, null, null, null, null, null);
  }

  public EngineConfig withAddress(ListenAddress value) {
    return with(c -> c.address = value);
  }

  public EngineConfig withDataDirectory(Path value) {
    return with(c -> c.dataDirectory = value);
  }

  public EngineConfig withAuth(AuthSettings value) {
    return with(c -> c.auth = value);
  }

  public EngineConfig withTls(TlsSettings value) {
    return with(c -> c.tls = value);
  }

  public EngineConfig withPublicAddress(PublicAddressSettings value) {
    return with(c -> c.publicAddress = value);
  }

  public EngineConfig withProxy(ProxySettings value) {
    return with(c -> c.proxy = value);
  }

  public EngineConfig withEvents(EventSettings value) {
    return with(c -> c.events = value);
  }

  public EngineConfig withDeleteEnabled(boolean value) {
    return with(
        c ->
            c.api =
                new ApiSettings(
                    value, api.readOnly(), api.chunkMinLength(), api.responseHeaders()));
  }

  public EngineConfig withReadOnly(boolean value) {
    return with(
        c ->
            c.api =
                new ApiSettings(
                    api.deleteEnabled(), value, api.chunkMinLength(), api.responseHeaders()));
  }

  public EngineConfig withResponseHeaders(Map<String, List<String>> value) {
    return with(
        c ->
            c.api =
                new ApiSettings(api.deleteEnabled(), api.readOnly(), api.chunkMinLength(), value));
  }

  public EngineConfig withGcSchedule(Optional<GcScheduler.Schedule> value) {
    return with(c -> c.maintenance = new MaintenanceSettings(value, maintenance.uploadPurging()));
  }

  public EngineConfig withUploadPurging(Optional<UploadPurgeSettings> value) {
    return with(c -> c.maintenance = new MaintenanceSettings(maintenance.gcSchedule(), value));
  }

  /** The data folder used when none is given: {@code ~/.berth}. */
  public static Path defaultDataDirectory() {
    return Path.of(System.getProperty("user.home"), ".berth");
  }

  /**
   * A copy with one change. Each {@code withX} names only what it changes, so a new setting is a
   * new component here and in {@link Copy}, not an edit of every other method.
   */
  private EngineConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return new EngineConfig(
        copy.address,
        copy.dataDirectory,
        copy.api,
        copy.auth,
        copy.tls,
        copy.publicAddress,
        copy.maintenance,
        copy.proxy,
        copy.events);
  }

  /** The components of a config being copied. */
  private static final class Copy {
    ListenAddress address;
    Path dataDirectory;
    ApiSettings api;
    AuthSettings auth;
    TlsSettings tls;
    PublicAddressSettings publicAddress;
    MaintenanceSettings maintenance;
    ProxySettings proxy;
    EventSettings events;

    Copy(EngineConfig from) {
      address = from.address;
      dataDirectory = from.dataDirectory;
      api = from.api;
      auth = from.auth;
      tls = from.tls;
      publicAddress = from.publicAddress;
      maintenance = from.maintenance;
      proxy = from.proxy;
      events = from.events;
    }
  }
}
