package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.ErrorResponder;
import dev.berth.api.FramingGuard;
import dev.berth.api.PublicAddress;
import dev.berth.api.RegistryHttpHandler;
import dev.berth.api.RegistryRoutes;
import dev.berth.api.access.AccessController;
import dev.berth.api.auth.Authentication;
import dev.berth.api.auth.DisabledTokenEndpoint;
import dev.berth.check.StorageCheck;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcScheduler;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.registry.BlobService;
import dev.berth.registry.DeletionPolicy;
import dev.berth.registry.ListingService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PullRecorder;
import dev.berth.registry.RegistryServices;
import dev.berth.registry.RepositoryService;
import dev.berth.registry.UploadService;
import dev.berth.storage.BlobStore;
import dev.berth.tls.ServerTls;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless composition root: builds every engine service from an {@link EngineConfig}, serves
 * the registry API, and shuts it all down in order. The desktop app and {@code serve} both run
 * exactly this.
 */
public final class BerthEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BerthEngine.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PULL_FLUSH_INTERVAL = Duration.ofSeconds(5);
  private static final Duration CERTIFICATE_CHECK_INTERVAL = Duration.ofSeconds(10);
  private static final Duration EXPIRY_CHECK_INTERVAL = Duration.ofHours(12);

  private final EngineConfig config;
  private final EngineStorage storage;
  private final RegistryServices registry;
  private final PullRecorder pulls;
  private final ScheduledExecutorService housekeeping;
  private final GracefulShutdownHandler drain;
  private final Undertow server;
  private final Optional<ServerTls> tls;
  private final Authentication authentication;
  private final URI url;
  private final GcScheduler gcScheduler;
  private boolean closed;

  private BerthEngine(EngineConfig config, EngineStorage storage, RegistryServices registry, PullRecorder pulls,
      ScheduledExecutorService housekeeping, GracefulShutdownHandler drain, Undertow server,
      Optional<ServerTls> tls, Authentication authentication, GcScheduler gcScheduler) {
    this.config = config;
    this.storage = storage;
    this.registry = registry;
    this.pulls = pulls;
    this.housekeeping = housekeeping;
    this.drain = drain;
    this.server = server;
    this.tls = tls;
    this.authentication = authentication;
    this.gcScheduler = gcScheduler;
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    this.url = URI.create((tls.isPresent() ? "https://" : "http://") + config.address().urlHost() + ":" + bound.getPort());
  }

  /**
   * Starts an engine with the authentication and TLS the config asks for.
   *
   * @throws NoUsersException when authentication is on but no user can log in
   */
  public static BerthEngine start(EngineConfig config) throws IOException {
    return start(config, null);
  }

  /**
   * Starts an engine with a caller-supplied authorization hook instead of {@code config.auth()}
   * (for embedding and tests); {@code /token} is then disabled.
   */
  public static BerthEngine start(EngineConfig config, AccessController access) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Clock clock = Clock.systemUTC();
    EngineStorage storage = EngineStorage.open(config.dataDirectory(), json, clock);
    ScheduledExecutorService housekeeping = null;
    try {
      MetadataStore metadata = storage.metadata();
      BlobStore blobs = storage.blobs();
      Authentication auth = access != null
          ? new Authentication(access.toString(), access, new DisabledTokenEndpoint(access.toString()))
          : AuthenticationWiring.create(config.auth(), storage.data(), metadata.users(), json, clock);
      Optional<ServerTls> tls = TlsWiring.create(config.tls(), storage.data());

      PullRecorder pulls = new PullRecorder(metadata.manifests(), clock);
      ManifestParser parser = new ManifestParser(json);
      DeletionPolicy deletion = new DeletionPolicy(config.deleteEnabled());
      RegistryServices registry = new RegistryServices(
          new BlobService(blobs, metadata, deletion),
          new UploadService(blobs, metadata, clock),
          new ManifestService(metadata, parser, pulls, deletion, blobs.freeSpace()),
          new ListingService(metadata),
          new RepositoryService(metadata, deletion));
      RegistryRoutes.Services services = new RegistryRoutes.Services(
          registry,
          parser,
          storage.garbageCollector(),
          metadata.gc(),
          auth.access(),
          json,
          config.chunkMinLength());
      ErrorResponder errors = new ErrorResponder(json);
      GracefulShutdownHandler drain = new GracefulShutdownHandler(
          Handlers.path(new RegistryHttpHandler(RegistryRoutes.create(services), errors))
              .addExactPath("/token", new RegistryHttpHandler(auth.tokenEndpoint(), errors)));
      // Outermost: requests with an ambiguous body length never reach a handler (smuggling).
      Undertow server = UndertowServer.create(config.address(), tls,
          new FramingGuard(publicAddress(config, tls, drain), errors));
      startListening(server, config.address());

      housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-housekeeping");
        t.setDaemon(true);
        return t;
      });
      housekeeping.scheduleWithFixedDelay(pulls::flush,
          PULL_FLUSH_INTERVAL.toMillis(), PULL_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      if (tls.isPresent()) {
        ServerTls t = tls.get();
        housekeeping.scheduleWithFixedDelay(() -> reloadIfChanged(t),
            CERTIFICATE_CHECK_INTERVAL.toMillis(), CERTIFICATE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        // Renews the data folder's certificate when due; warns about one that only its own CA can renew.
        housekeeping.scheduleWithFixedDelay(() -> t.maintain(clock.instant()),
            0, EXPIRY_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
      GcScheduler gcScheduler = new GcScheduler(storage.garbageCollector(), housekeeping);
      gcScheduler.set(config.gcSchedule());
      BerthEngine engine = new BerthEngine(config, storage, registry, pulls, housekeeping, drain, server, tls, auth,
          gcScheduler);
      LOG.info("Berth registry listening on {} (data: {}, delete {}, {})",
          engine.url(), storage.root(), config.deleteEnabled() ? "enabled" : "disabled", auth);
      return engine;
    } catch (IOException | RuntimeException e) {
      if (housekeeping != null) {
        housekeeping.shutdown();
      }
      storage.close();
      throw e;
    }
  }

  /** How the handlers behind it learn the address clients reach the registry by (token realm, Location). */
  private static PublicAddress publicAddress(EngineConfig config, Optional<ServerTls> tls, HttpHandler next) {
    return new PublicAddress(next, config.publicAddress().url(), config.publicAddress().trustedProxies(),
        new ServerNames(config.address().host(), () -> tls.map(ServerTls::certificate)));
  }

  /** Starts Undertow, turning its bind failure into an error a person can act on. */
  private static void startListening(Undertow server, ListenAddress address) throws IOException {
    try {
      server.start();
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          server.stop();
          throw new PortInUseException(address, cause);
        }
      }
      throw e;
    }
  }

  /**
   * Lets scheduled work end by itself: an interrupt that reaches a thread inside the database
   * closes it for everyone (h2database #1076), so neither {@code shutdownNow} nor {@code
   * cancel(true)} is used on threads that touch it. A running collection stops between two items
   * ({@link GcScheduler#stop}).
   */
  private static void stopWithoutInterrupting(ScheduledExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Housekeeping still running after {} s; closing anyway", DRAIN_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The registry's base URL, e.g. {@code http://localhost:5000}. */
  public URI url() {
    return url;
  }

  /** The certificate the HTTPS listener serves, or empty for plain HTTP. */
  public Optional<X509Certificate> certificate() {
    return tls.map(ServerTls::certificate);
  }

  /**
   * Re-reads the certificate and key files and serves them to new connections, without a restart.
   * (The engine also notices changed files by itself within about ten seconds.)
   *
   * @throws IOException if the files are unusable; the previous certificate stays in service
   * @throws IllegalStateException if this engine serves plain HTTP
   */
  public void reloadCertificate() throws IOException {
    tls.orElseThrow(() -> new IllegalStateException("this registry serves plain HTTP; there is no certificate to reload")).reload();
  }

  /** How callers are authenticated, in words ("token authentication, anonymous pull allowed"). */
  public String authentication() {
    return authentication.description();
  }

  private static void reloadIfChanged(ServerTls tls) {
    try {
      tls.reloadIfChanged();
    } catch (IOException | RuntimeException e) {
      LOG.warn("The TLS certificate files changed but could not be loaded; still serving the previous certificate: {}",
          e.getMessage());
    }
  }

  public int port() {
    return url.getPort();
  }

  public EngineConfig config() {
    return config;
  }

  public MetadataStore metadata() {
    return storage.metadata();
  }

  public BlobStore blobs() {
    return storage.blobs();
  }

  public GarbageCollector garbageCollector() {
    return storage.garbageCollector();
  }

  public StorageCheck storageCheck() {
    return storage.check();
  }

  /** Scheduled garbage collection; the app changes the schedule at run time. */
  public GcScheduler gcScheduler() {
    return gcScheduler;
  }

  /** The registry use cases, for the desktop app and admin tools. */
  public RegistryServices registry() {
    return registry;
  }

  /**
   * Stops accepting requests, lets in-flight ones finish (up to 30 s), then records pending pull
   * counts and closes the database. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    gcScheduler.stop();
    drain.shutdown();
    try {
      if (!drain.awaitShutdown(DRAIN_TIMEOUT.toMillis())) {
        LOG.warn("Requests still running after {} s; stopping anyway", DRAIN_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    stopWithoutInterrupting(housekeeping);
    pulls.flush();
    try {
      storage.close();
    } catch (IOException e) {
      LOG.warn("Could not release the data folder lock: {}", e.getMessage());
    }
    LOG.info("Berth registry stopped");
  }
}
