package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.ErrorResponder;
import dev.berth.api.RegistryHttpHandler;
import dev.berth.api.RegistryRoutes;
import dev.berth.api.access.AccessController;
import dev.berth.api.access.OpenAccess;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.h2.H2MetadataStore;
import dev.berth.oci.manifest.ManifestParser;
import dev.berth.registry.BlobService;
import dev.berth.registry.ListingService;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PullRecorder;
import dev.berth.registry.RegistryServices;
import dev.berth.registry.UploadJanitor;
import dev.berth.registry.UploadService;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileSystemBlobStore;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
  private static final int WORKER_THREADS = 64;

  private final EngineConfig config;
  private final DataDirectory data;
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final RegistryServices registry;
  private final PullRecorder pulls;
  private final ScheduledExecutorService housekeeping;
  private final GracefulShutdownHandler drain;
  private final Undertow server;
  private final URI url;
  private boolean closed;

  private BerthEngine(EngineConfig config, DataDirectory data, MetadataStore metadata, BlobStore blobs,
      RegistryServices registry, PullRecorder pulls, ScheduledExecutorService housekeeping, GracefulShutdownHandler drain, Undertow server) {
    this.config = config;
    this.data = data;
    this.metadata = metadata;
    this.blobs = blobs;
    this.registry = registry;
    this.pulls = pulls;
    this.housekeeping = housekeeping;
    this.drain = drain;
    this.server = server;
    InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    this.url = URI.create("http://" + config.address().urlHost() + ":" + bound.getPort());
  }

  /** Starts an engine with open access (no authentication). */
  public static BerthEngine start(EngineConfig config) throws IOException {
    return start(config, new OpenAccess());
  }

  public static BerthEngine start(EngineConfig config, AccessController access) throws IOException {
    DataDirectory data = DataDirectory.open(config.dataDirectory());
    MetadataStore metadata = null;
    ScheduledExecutorService housekeeping = null;
    try {
      ObjectMapper json = new ObjectMapper();
      Clock clock = Clock.systemUTC();
      BlobStore blobs = new FileSystemBlobStore(data.storage());
      metadata = H2MetadataStore.open(data.metadata(), json);
      new UploadJanitor(blobs.uploads(), metadata.uploads()).reconcile();

      PullRecorder pulls = new PullRecorder(metadata.manifests(), clock);
      ManifestParser parser = new ManifestParser(json);
      RegistryServices registry = new RegistryServices(
          new BlobService(blobs, metadata),
          new UploadService(blobs, metadata, clock),
          new ManifestService(metadata, parser, pulls),
          new ListingService(metadata));
      RegistryRoutes.Services services = new RegistryRoutes.Services(
          registry,
          parser,
          access,
          json,
          config.deleteEnabled(),
          config.chunkMinLength());
      GracefulShutdownHandler drain = new GracefulShutdownHandler(
          new RegistryHttpHandler(RegistryRoutes.create(services), new ErrorResponder(json)));
      Undertow server = Undertow.builder()
          .addHttpListener(config.address().port(), config.address().host())
          .setWorkerThreads(WORKER_THREADS)
          .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
          .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
          // Undertow caps request bodies at 2 MiB by default; blobs are unbounded by design and
          // manifests are capped by ManifestEndpoint itself.
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
          .setHandler(drain)
          .build();
      startListening(server, config.address());

      housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-housekeeping");
        t.setDaemon(true);
        return t;
      });
      housekeeping.scheduleWithFixedDelay(pulls::flush,
          PULL_FLUSH_INTERVAL.toMillis(), PULL_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      BerthEngine engine = new BerthEngine(config, data, metadata, blobs, registry, pulls, housekeeping, drain, server);
      LOG.info("Berth registry listening on {} (data: {}, delete {})",
          engine.url(), data.root(), config.deleteEnabled() ? "enabled" : "disabled");
      return engine;
    } catch (IOException | RuntimeException e) {
      if (housekeeping != null) {
        housekeeping.shutdownNow();
      }
      if (metadata != null) {
        metadata.close();
      }
      data.close();
      throw e;
    }
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

  public int port() {
    return url.getPort();
  }

  public EngineConfig config() {
    return config;
  }

  public MetadataStore metadata() {
    return metadata;
  }

  public BlobStore blobs() {
    return blobs;
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
    drain.shutdown();
    try {
      if (!drain.awaitShutdown(DRAIN_TIMEOUT.toMillis())) {
        LOG.warn("Requests still running after {} s; stopping anyway", DRAIN_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    housekeeping.shutdownNow();
    pulls.flush();
    metadata.close();
    try {
      data.close();
    } catch (IOException e) {
      LOG.warn("Could not release the data folder lock: {}", e.getMessage());
    }
    LOG.info("Berth registry stopped");
  }
}
