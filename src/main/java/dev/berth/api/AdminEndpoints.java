package dev.berth.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.gc.GarbageCollector;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcPlan;
import dev.berth.gc.GcProgress;
import dev.berth.gc.GcReport;
import dev.berth.metadata.GcMetadata;
import dev.berth.registry.RepositoryService;
import dev.berth.registry.error.RegistryErrorCode;
import dev.berth.registry.error.RegistryException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Berth's administration API under {@code /berth/v1/}, used by {@code gc --url} and by scripts:
 * garbage collection (streamed progress), its history, and deleting a whole repository.
 */
final class AdminEndpoints {
  static final String NDJSON = "application/x-ndjson";

  private final GarbageCollector gc;
  private final GcMetadata gcMetadata;
  private final RepositoryService repositories;
  private final ObjectMapper json;

  AdminEndpoints(
      GarbageCollector gc,
      GcMetadata gcMetadata,
      RepositoryService repositories,
      ObjectMapper json) {
    this.gc = gc;
    this.gcMetadata = gcMetadata;
    this.repositories = repositories;
    this.json = json;
  }

  /**
   * {@code POST /berth/v1/gc?dryRun=true&deleteUntagged=true&graceSeconds=3600}: runs a collection
   * and streams one JSON object per line: {@code progress} events, then the {@code report}. If the
   * client disconnects, the collection is cancelled between two items.
   */
  void runGc(HttpServerExchange exchange, ApiRequest request) throws IOException {
    GcOptions options =
        GcOptions.defaults()
            .withDryRun(flag(exchange, "dryRun"))
            .withDeleteUntagged(flag(exchange, "deleteUntagged"));
    String grace = QueryParameters.first(exchange, "graceSeconds");
    if (grace != null) {
      try {
        options = options.withGracePeriod(Duration.ofSeconds(Long.parseLong(grace)));
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            RegistryErrorCode.UNSUPPORTED,
            400,
            "graceSeconds must be a whole number of seconds >= 0");
      }
    }
    if (gc.isRunning()) {
      throw new RegistryException(
          RegistryErrorCode.TOOMANYREQUESTS,
          409,
          new GarbageCollector.AlreadyRunningException().getMessage());
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, NDJSON);
    AtomicBoolean clientGone = new AtomicBoolean();
    OutputStream out = exchange.getOutputStream();
    GcReport report;
    try {
      report =
          gc.run(
              request.caller(),
              options,
              progress -> writeLine(out, progressEvent(progress), clientGone),
              clientGone::get);
    } catch (GarbageCollector.AlreadyRunningException e) {
      writeLine(out, Map.of("event", "error", "message", e.getMessage()), clientGone);
      out.close();
      return;
    }
    writeLine(out, reportEvent(report, flag(exchange, "verbose")), clientGone);
    out.close();
  }

  /** {@code GET /berth/v1/gc/runs}: the last 50 collections, newest first. */
  void gcRuns(HttpServerExchange exchange, ApiRequest request) throws IOException {
    List<Map<String, Object>> runs =
        gcMetadata.recentRuns(50).stream().map(AdminEndpoints::runEntry).toList();
    byte[] body = json.writeValueAsBytes(Map.of("runs", runs));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** {@code DELETE /berth/v1/repositories/<name>}. */
  void deleteRepository(HttpServerExchange exchange, ApiRequest request) {
    repositories.delete(request.caller(), request.repository());
    Responses.empty(exchange, StatusCodes.ACCEPTED);
  }

  private void writeLine(OutputStream out, Object event, AtomicBoolean clientGone) {
    if (clientGone.get()) {
      return;
    }
    try {
      out.write(json.writeValueAsBytes(event));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      clientGone.set(true); // stop the collection at the next item; what is done stays done
    }
  }

  private static Map<String, Object> progressEvent(GcProgress p) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "progress");
    event.put("phase", p.phase().name());
    event.put("description", p.phase().description());
    event.put("done", p.done());
    event.put("total", p.total());
    event.put("bytesFreed", p.bytesFreed());
    return event;
  }

  /** One run as JSON; the engine's mapper writes its times as ISO-8601 text. */
  private static Map<String, Object> runEntry(GcMetadata.GcRun r) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("startedAt", r.startedAt());
    run.put("finishedAt", r.finishedAt());
    run.put("dryRun", r.dryRun());
    run.put("deleteUntagged", r.deleteUntagged());
    run.put("outcome", r.outcome());
    run.put("manifestsDeleted", r.manifestsDeleted());
    run.put("blobsDeleted", r.blobsDeleted());
    run.put("uploadsPurged", r.uploadsPurged());
    run.put("bytesFreed", r.bytesFreed());
    run.put("heldBackBlobs", r.heldBackBlobs());
    run.put("heldBackBytes", r.heldBackBytes());
    run.put("collectableFrom", r.collectableFrom());
    return run;
  }

  /**
   * The report; with {@code verbose}, every item of the plan too (what {@code gc --data --verbose}
   * lists).
   */
  private static Map<String, Object> reportEvent(GcReport r, boolean verbose) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "report");
    event.put("outcome", r.outcome());
    event.put("deleteUntagged", r.deleteUntagged());
    event.put("manifestsDeleted", r.manifestsDeleted());
    event.put("blobsDeleted", r.blobsDeleted());
    event.put("orphansDeleted", r.orphansDeleted());
    event.put("uploadsPurged", r.uploadsPurged());
    event.put("bytesFreed", r.bytesFreed());
    event.put("durationMillis", r.duration().toMillis());
    event.put("heldBackBlobs", r.plan().heldBack().size());
    event.put("heldBackBytes", r.plan().heldBackBytes());
    event.put("collectableFrom", r.plan().collectableFrom());
    event.put("allCollectableAt", r.plan().allCollectableAt());
    if (verbose) {
      event.put("items", items(r.plan()));
    }
    return event;
  }

  private static List<Map<String, Object>> items(GcPlan plan) {
    List<Map<String, Object>> items = new ArrayList<>();
    plan.manifests()
        .forEach(
            m ->
                items.add(
                    Map.of(
                        "kind",
                        "manifest",
                        "repository",
                        m.repository().toString(),
                        "digest",
                        m.digest().toString(),
                        "size",
                        m.size())));
    plan.blobs()
        .forEach(
            b ->
                items.add(
                    Map.of("kind", "blob", "digest", b.digest().toString(), "size", b.size())));
    plan.orphans()
        .forEach(
            b ->
                items.add(
                    Map.of("kind", "orphan", "digest", b.digest().toString(), "size", b.size())));
    plan.staleUploads().forEach(u -> items.add(Map.of("kind", "upload", "upload", u.toString())));
    return items;
  }

  private static boolean flag(HttpServerExchange exchange, String name) {
    String value = QueryParameters.first(exchange, name);
    return value != null && (value.isEmpty() || Boolean.parseBoolean(value) || value.equals("1"));
  }
}
