package dev.berth.engine;

import dev.berth.tls.ServerTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.Optional;
import org.xnio.Options;

/**
 * Undertow as the registry needs it: HTTP/2, no body limit (blobs are unbounded; manifests are
 * capped by their endpoint), and threads and timeouts chosen so that slow or stalled clients cannot
 * starve the others.
 *
 * <ul>
 *   <li>Downloads of blob files hold no thread while the client is slow ({@code FileSend}); a
 *       stalled reader costs a connection and a file handle.
 *   <li>Request bodies are read by a worker thread, which a client that stops sending holds until
 *       {@link #READ_TIMEOUT}. So the pool grows on demand from {@link #CORE_WORKERS} to {@link
 *       #MAX_WORKERS}, and idle threads go after {@link #WORKER_KEEPALIVE}: 200 stalled uploads
 *       leave the other clients served within milliseconds (StalledClientsTest). A thread costs its
 *       touched stack, tens of KiB.
 *   <li>A client that neither sends nor reads for {@link #IDLE_TIMEOUT} is disconnected, and an
 *       idle keep-alive connection after {@link #NO_REQUEST_TIMEOUT}.
 * </ul>
 */
final class UndertowServer {
  static final int CORE_WORKERS = 64;
  static final int MAX_WORKERS = 1024;
  static final Duration WORKER_KEEPALIVE = Duration.ofSeconds(30);
  static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
  static final Duration NO_REQUEST_TIMEOUT = Duration.ofMinutes(1);

  private UndertowServer() {}

  static Undertow create(ListenAddress address, Optional<ServerTls> tls, HttpHandler handler) {
    Undertow.Builder builder = Undertow.builder();
    if (tls.isPresent()) {
      builder.addHttpsListener(address.port(), address.host(), tls.get().sslContext());
    } else {
      builder.addHttpListener(address.port(), address.host());
    }
    return builder
        .setWorkerOption(Options.WORKER_TASK_CORE_THREADS, CORE_WORKERS)
        .setWorkerOption(Options.WORKER_TASK_MAX_THREADS, MAX_WORKERS)
        .setWorkerOption(Options.WORKER_TASK_KEEPALIVE, (int) WORKER_KEEPALIVE.toMillis())
        .setSocketOption(Options.READ_TIMEOUT, (int) READ_TIMEOUT.toMillis())
        .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) IDLE_TIMEOUT.toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) NO_REQUEST_TIMEOUT.toMillis())
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
        // Undertow caps request bodies at 2 MiB by default; blobs are unbounded by design and
        // manifests are capped by ManifestEndpoint itself.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
        .setHandler(handler)
        .build();
  }
}
