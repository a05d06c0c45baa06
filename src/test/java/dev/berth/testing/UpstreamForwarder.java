package dev.berth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A real HTTP server on loopback that forwards every request to an upstream registry and counts
 * them ("how many times did the upstream see this blob?"), and that can misbehave on purpose for
 * chosen paths: another status, bytes that do not match their digest, a body cut short, a body that
 * stalls.
 */
public final class UpstreamForwarder implements AutoCloseable {
  private static final List<String> PASSED_HEADERS =
      List.of(
          "Content-Type",
          "Docker-Content-Digest",
          "WWW-Authenticate",
          "Location",
          "Retry-After",
          "Docker-Distribution-Api-Version");

  /** What to do instead of forwarding faithfully. */
  public sealed interface Fault {
    /** Answer this status with these headers and a JSON error body. */
    record Status(int status, Map<String, String> headers, String errorCode) implements Fault {}

    /** Forward, but flip a byte of the body (same length). */
    record WrongBytes() implements Fault {}

    /** Forward the headers (with the full length) but only half the body, then close. */
    record Truncate() implements Fault {}

    /** Forward the headers (with the full length), then close before the first byte of the body. */
    record NoBody() implements Fault {}

    /** Forward the headers and a few bytes, then send nothing more until the forwarder closes. */
    record Stall() implements Fault {}
  }

  private final HttpServer server;
  private final URI target;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<BiFunction<String, String, Optional<Fault>>> faults =
      new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  public UpstreamForwarder(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests seen as {@code METHOD path} (without query). */
  public int count(String method, String path) {
    AtomicInteger n = counts.get(method + " " + path);
    return n == null ? 0 : n.get();
  }

  /** Requests seen whose path ends with {@code suffix}, any method. */
  public int countEndingWith(String suffix) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().endsWith(suffix))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  /** Misbehaves for requests whose path ends with {@code pathSuffix}. */
  public void inject(String pathSuffix, Fault fault) {
    faults.add((method, path) -> path.endsWith(pathSuffix) ? Optional.of(fault) : Optional.empty());
  }

  public void clearFaults() {
    faults.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    counts.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
    Fault fault =
        faults.stream()
            .map(f -> f.apply(method, path))
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(null);
    try (exchange) {
      if (fault instanceof Fault.Status status) {
        status.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body =
            ("{\"errors\":[{\"code\":\"" + status.errorCode() + "\",\"message\":\"injected\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.status(), method.equals("HEAD") ? -1 : body.length);
        if (!method.equals("HEAD")) {
          exchange.getResponseBody().write(body);
        }
        return;
      }
      forward(exchange, method, fault);
    }
  }

  private void forward(HttpExchange exchange, String method, Fault fault) throws IOException {
    URI uri =
        target.resolve(
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()));
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setInstanceFollowRedirects(false);
    c.setRequestMethod(method);
    for (String h : List.of("Accept", "Authorization")) {
      String v = exchange.getRequestHeaders().getFirst(h);
      if (v != null) {
        c.setRequestProperty(h, v);
      }
    }
    int status = c.getResponseCode();
    for (String h : PASSED_HEADERS) {
      String v = c.getHeaderField(h);
      if (v != null) {
        exchange.getResponseHeaders().set(h, v);
      }
    }
    long length = c.getContentLengthLong();
    if (method.equals("HEAD")) {
      if (length >= 0) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      }
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] body = in == null ? new byte[0] : in.readAllBytes();
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    OutputStream out = exchange.getResponseBody();
    if (fault instanceof Fault.WrongBytes && body.length > 0) {
      body[body.length / 2] ^= 0x5a;
    }
    if (fault instanceof Fault.NoBody) {
      out.flush();
      throw new IOException("no body on purpose");
    }
    if (fault instanceof Fault.Truncate) {
      out.write(body, 0, body.length / 2);
      out.flush();
      // Closing the connection mid-body: the client sees fewer bytes than Content-Length said.
      throw new IOException("truncated on purpose");
    }
    if (fault instanceof Fault.Stall) {
      out.write(body, 0, Math.min(16, body.length / 2));
      out.flush();
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("stalled on purpose");
    }
    out.write(body);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdown();
  }
}
