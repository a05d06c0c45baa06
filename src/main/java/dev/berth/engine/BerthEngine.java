package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.ErrorResponder;
import dev.berth.api.FramingGuard;
import dev.berth.api.MirrorNamespaceHandler;
import dev.berth.api.PublicAddress;
import dev.berth.api.RegistryHttpHandler;
import dev.berth.api.RegistryRoutes;
import dev.berth.api.ResponseHeaders;
import dev.berth.api.access.AccessController;
import dev.berth.api.access.ReadOnlyAccess;
import dev.berth.api.auth.Authentication;
import dev.berth.api.auth.DisabledTokenEndpoint;
import dev.berth.check.StorageCheck;
import dev.berth.events.DurableOutbox;
import dev.berth.events.EventBus;
import dev.berth.events.RegistryEvents;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcScheduler;
import dev.berth.json.Json;
import dev.berth.metadata.MetadataStore;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.proxy.CachingBlobService;
import dev.berth.proxy.CachingListingService;
import dev.berth.proxy.CachingManifestService;
import dev.berth.proxy.ProxyCache;
import dev.berth.proxy.ProxyPushGuard;
import dev.berth.registry.DeletionPolicy;
import dev.berth.registry.LocalBlobService;
import dev.berth.registry.LocalListingService;
import dev.berth.registry.LocalManifestService;
import dev.berth.registry.LocalRepositoryService;
import dev.berth.registry.LocalUploadService;
import dev.berth.registry.MirrorNamespaces;
import dev.berth.registry.PullRecorder;
import dev.berth.registry.RegistryServices;
import dev.berth.registry.StaleUploads;
import dev.berth.registry.TagListCache;
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

  private final EngineConfig config;
  private final EngineStorage storage;
  private final EventBus events;
  private final RegistryServices registry;
  private final PullRecorder pulls;
  private final ProxyCache proxy;
  private final DeletionPolicy deletion;
  private final BackgroundWork background;
  private final GracefulShutdownHandler drain;
  private final Undertow server;
  private final Optional<ServerTls> tls;
  private final Authentication authentication;
  private final URI url;
  private boolean closed;

  private BerthEngine(
      EngineConfig config,
      EngineStorage storage,
      EventBus events,
      Registry registry,
      BackgroundWork background,
      Http http) {
    this.config = config;
    this.storage = storage;
    this.events = events;
    this.registry = registry.services();
    this.pulls = registry.pulls();
    this.proxy = registry.proxy();
    this.deletion = registry.deletion();
    this.background = background;
    this.drain = http.drain();
    this.server = http.server();
    this.tls = http.tls();
    this.authentication = http.authentication();
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    this.url =
        URI.create(
            (tls.isPresent() ? "https://" : "http://")
                + config.address().urlHost()
                + ":"
                + bound.getPort());
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
   * (for embedding and tests); {@code /token} is then disabled. The steps, in order: open the data
   * folder (with crash recovery), build the use cases, put the HTTP server in front of them and
   * start listening, then start the background work.
   */
  public static BerthEngine start(EngineConfig config, AccessController access) throws IOException {
    ObjectMapper json = Json.mapper();
    Clock clock = Clock.systemUTC();
    EventBus events = new EventBus();
    EngineStorage storage;
    try {
      storage = EngineStorage.open(config.dataDirectory(), json, clock, events);
    } catch (IOException | RuntimeException e) {
      events.close();
      throw e;
    }
    try {
      Registry registry = Registry.wire(storage, config, events, json, clock);
      Http http;
      try {
        http =
            Http.wire(
                config,
                storage,
                registry.services(),
                registry.proxy(),
                access,
                events,
                json,
                clock);
      } catch (IOException | RuntimeException e) {
        registry.proxy().close();
        throw e;
      }
      BackgroundWork background =
          new BackgroundWork(registry.pulls(), http.tls(), storage.garbageCollector(), clock);
      config
          .maintenance()
          .uploadPurging()
          .ifPresent(
              purging ->
                  background.purgeUploads(
                      new StaleUploads(storage.blobs(), storage.metadata(), clock), purging));
      background.gcScheduler().set(config.maintenance().gcSchedule());
      if (config.events().durableOutbox()) {
        background.trimOutbox(storage.metadata().outbox(), EventSettings.RETENTION, clock);
      }
      BerthEngine engine = new BerthEngine(config, storage, events, registry, background, http);
      LOG.info(
          "Berth registry listening on {} (data: {}, delete {}, {}{})",
          engine.url(),
          storage.root(),
          config.api().deleteEnabled() ? "enabled" : "disabled",
          http.authentication(),
          config.api().readOnly() ? ", read-only" : "");
      return engine;
    } catch (IOException | RuntimeException e) {
      storage.close();
      events.close();
      throw e;
    }
  }

  /**
   * The use cases over the data folder, and the listeners that keep statistics and caches. The
   * pull-through cache's decorators are always in place: the app adds rules at run time, and
   * without rules they hand every call straight to the local service.
   */
  private record Registry(
      RegistryServices services, PullRecorder pulls, ProxyCache proxy, DeletionPolicy deletion) {
    static Registry wire(
        EngineStorage storage, EngineConfig config, EventBus events, ObjectMapper json, Clock clock)
        throws IOException {
      MetadataStore metadata = storage.metadata();
      BlobStore blobs = storage.blobs();
      DeletionPolicy deletion = new DeletionPolicy(config.api().deleteEnabled());
      PullRecorder pulls =
          new PullRecorder(metadata.manifests(), new ManifestParser(json), clock).listenTo(events);
      if (config.events().durableOutbox()) {
        // Before the HTTP server starts: no acknowledged change may go unrecorded.
        DurableOutbox.attach(events, metadata.outbox(), json);
      }
      ProxyCache proxy =
          new ProxyCache(storage.root(), config.proxy(), blobs, metadata, events, json, clock);
      RegistryServices services =
          new RegistryServices(
              new CachingBlobService(
                  new LocalBlobService(blobs, metadata, deletion, events, clock),
                  proxy,
                  metadata,
                  blobs,
                  events,
                  clock),
              new ProxyPushGuard(new LocalUploadService(blobs, metadata, events, clock), proxy),
              new CachingManifestService(
                  new LocalManifestService(
                      metadata,
                      new ManifestParser(json),
                      deletion,
                      blobs.freeSpace(),
                      events,
                      clock),
                  proxy,
                  metadata),
              new CachingListingService(
                  new LocalListingService(metadata, TagListCache.listenTo(events, metadata)),
                  proxy),
              new LocalRepositoryService(metadata, deletion, events, clock));
      return new Registry(services, pulls, proxy, deletion);
    }
  }

  /** The HTTP server in front of the use cases, listening. */
  private record Http(
      Undertow server,
      GracefulShutdownHandler drain,
      Optional<ServerTls> tls,
      Authentication authentication) {
    static Http wire(
        EngineConfig config,
        EngineStorage storage,
        RegistryServices registry,
        MirrorNamespaces mirrors,
        AccessController access,
        EventBus events,
        ObjectMapper json,
        Clock clock)
        throws IOException {
      Authentication auth =
          access != null
              ? new Authentication(
                  access.toString(), access, new DisabledTokenEndpoint(access.toString()))
              : AuthenticationWiring.create(
                  config.auth(), storage.data(), storage.metadata().users(), events, json, clock);
      Optional<ServerTls> tls = TlsWiring.create(config.tls(), storage.data());
      AccessController guarded =
          config.api().readOnly() ? new ReadOnlyAccess(auth.access()) : auth.access();
      RegistryRoutes.Services services =
          new RegistryRoutes.Services(
              registry,
              new ManifestParser(json),
              storage.garbageCollector(),
              storage.metadata().gc(),
              guarded,
              json,
              config.api().chunkMinLength(),
              config.events().durableOutbox()
                  ? Optional.of(storage.metadata().outbox())
                  : Optional.empty());
      ErrorResponder errors = new ErrorResponder(json);
      HttpHandler routes =
          Handlers.path(
                  new RegistryHttpHandler(
                      new MirrorNamespaceHandler(mirrors, RegistryRoutes.create(services)), errors))
              .addExactPath("/token", new RegistryHttpHandler(auth.tokenEndpoint(), errors));
      GracefulShutdownHandler drain =
          new GracefulShutdownHandler(
              config.api().responseHeaders().isEmpty()
                  ? routes
                  : new ResponseHeaders(config.api().responseHeaders(), routes));
      // Outermost: requests with an ambiguous body length never reach a handler (smuggling).
      Undertow server =
          UndertowServer.create(
              config.address(), tls, new FramingGuard(publicAddress(config, tls, drain), errors));
      startListening(server, config.address());
      return new Http(server, drain, tls, auth);
    }
  }

  /** registry:2 purges a first time soon after start, then once per interval; so does this. */
  /**
   * How the handlers behind it learn the address clients reach the registry by (token realm,
   * Location).
   */
  private static PublicAddress publicAddress(
      EngineConfig config, Optional<ServerTls> tls, HttpHandler next) {
    return new PublicAddress(
        next,
        config.publicAddress().url(),
        config.publicAddress().trustedProxies(),
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
    tls.orElseThrow(
            () ->
                new IllegalStateException(
                    "this registry serves plain HTTP; there is no certificate to reload"))
        .reload();
  }

  /** How callers are authenticated, in words ("token authentication, anonymous pull allowed"). */
  public String authentication() {
    return authentication.description();
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
    return background.gcScheduler();
  }

  /** What happened in the registry, as it happens: for live views and statistics. */
  public RegistryEvents events() {
    return events;
  }

  /**
   * The pull-through cache's rules, statistics and upstream logins, for the app and the command
   * line.
   */
  public ProxyCache proxy() {
    return proxy;
  }

  /** The one deletion rule the use cases apply, for the app to offer delete only when allowed. */
  public DeletionPolicy deletion() {
    return deletion;
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
    background.gcScheduler().stop();
    drain.shutdown();
    try {
      if (!drain.awaitShutdown(DRAIN_TIMEOUT.toMillis())) {
        LOG.warn("Requests still running after {} s; stopping anyway", DRAIN_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    background.close();
    proxy.close();
    events.close(); // delivers what is queued, pull counts included
    pulls.flush();
    try {
      storage.close();
    } catch (IOException e) {
      LOG.warn("Could not release the data folder lock: {}", e.getMessage());
    }
    LOG.info("Berth registry stopped");
  }
}
