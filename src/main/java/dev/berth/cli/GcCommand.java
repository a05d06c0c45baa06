package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.EngineStorage;
import dev.berth.events.Caller;
import dev.berth.gc.GcOptions;
import dev.berth.gc.GcPlan;
import dev.berth.gc.GcProgress;
import dev.berth.gc.GcReport;
import dev.berth.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code berth gc}: garbage collection on a data folder no server holds ({@code --data}), or on a
 * running server through its admin API ({@code --url}); the same collector either way.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = "Delete blobs (and, with --delete-untagged, manifests) that nothing references.")
final class GcCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data folder of a stopped registry; with --url, only where the registry's CA (tls/ca.crt) is read.")
  Path data;

  @Mixin RegistryConnection connection;

  @Option(names = "--dry-run", description = "Only show what would be deleted.")
  boolean dryRun;

  @Option(names = "--delete-untagged", description = "Also delete manifests that no tag reaches.")
  boolean deleteUntagged;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Keep anything newer than this (default: 1h), protecting pushes in progress.")
  Duration grace = GcOptions.DEFAULT_GRACE;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description = "User for --url (password from standard input).")
  String user;

  @Option(
      names = "--password-stdin",
      description = "Read the password for --user from standard input.")
  boolean passwordStdin;

  @Option(
      names = {"-v", "--verbose"},
      description = "List every item the collection deletes (or, with --dry-run, would delete).")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GcOptions options =
        GcOptions.defaults()
            .withDryRun(dryRun)
            .withDeleteUntagged(deleteUntagged)
            .withGracePeriod(grace);
    if (connection.url == null && data == null) {
      throw new IllegalArgumentException(
          "say which registry to collect: --data DIR (stopped) or --url URL (running)");
    }
    return connection.url == null ? offline(options) : online(options);
  }

  private int offline(GcOptions options) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread hook = new Thread(() -> interrupted.set(true));
    Runtime.getRuntime().addShutdownHook(hook);
    try (EngineStorage storage = EngineStorage.open(data, Json.mapper(), Clock.systemUTC())) {
      GcReport report =
          storage
              .garbageCollector()
              .run(
                  Caller.system("berth gc"), options, p -> printProgress(err, p), interrupted::get);
      printReport(out, report);
      if (verbose) {
        printPlan(out, report.plan());
      }
      return report.cancelled() ? 130 : 0;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting anyway
      }
    }
  }

  private int online(GcOptions options) throws IOException, InterruptedException {
    String query =
        "?dryRun="
            + options.dryRun()
            + "&deleteUntagged="
            + options.deleteUntagged()
            + "&graceSeconds="
            + options.gracePeriod().toSeconds()
            + (verbose ? "&verbose=true" : "");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(connection.url.resolve("/berth/v1/gc" + query))
            .POST(HttpRequest.BodyPublishers.noBody());
    ObjectMapper json = Json.mapper();
    AdminApiClient admin =
        new AdminApiClient(
            connection.client(data), json, user, user == null ? null : readPassword());
    HttpResponse<java.io.InputStream> response;
    try {
      response = admin.send(request);
    } catch (SSLException e) {
      throw connection.explain(e, data);
    } catch (ConnectException e) {
      throw new IOException(
          "nothing answers at " + connection.url + " (is the registry running, on that port?)", e);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode error = json.readTree(body).path("errors").path(0);
      throw new IOException(
          "the registry refused garbage collection ("
              + response.statusCode()
              + " "
              + error.path("code").asText()
              + "): "
              + error.path("detail").asText(error.path("message").asText()));
    }
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode event = json.readTree(line);
        switch (event.path("event").asText()) {
          case "progress" ->
              err.printf(
                  "%s: %d/%d%n",
                  event.path("description").asText(),
                  event.path("done").asLong(),
                  event.path("total").asLong());
          case "report" -> {
            out.printf(
                "Garbage collection %s: %d manifests, %d blobs, %d orphaned files, %d uploads; %s%n",
                event.path("outcome").asText(),
                event.path("manifestsDeleted").asLong(),
                event.path("blobsDeleted").asLong(),
                event.path("orphansDeleted").asLong(),
                event.path("uploadsPurged").asLong(),
                (options.dryRun() ? "would free " : "freed ")
                    + Bytes.human(event.path("bytesFreed").asLong()));
            printHeldBack(
                out,
                event.path("heldBackBlobs").asLong(),
                event.path("heldBackBytes").asLong(),
                event.path("collectableFrom").asText(null),
                event.path("allCollectableAt").asText(null));
            if (verbose) {
              printItems(out, event.path("items"));
            }
            return "cancelled".equals(event.path("outcome").asText()) ? 130 : 0;
          }
          case "error" -> throw new IOException(event.path("message").asText());
          default -> {}
        }
      }
    }
    throw new IOException("the registry closed the connection before reporting a result");
  }

  /**
   * The items of a report sent with {@code verbose=true}, in the same lines as {@link #printPlan}.
   */
  private static void printItems(PrintWriter out, JsonNode items) {
    for (JsonNode item : items) {
      String size = Bytes.human(item.path("size").asLong());
      switch (item.path("kind").asText()) {
        case "manifest" ->
            out.printf(
                "manifest %s@%s (%s)%n",
                item.path("repository").asText(), item.path("digest").asText(), size);
        case "blob" -> out.printf("blob %s (%s)%n", item.path("digest").asText(), size);
        case "orphan" -> out.printf("orphaned file %s (%s)%n", item.path("digest").asText(), size);
        case "upload" -> out.printf("stale upload %s%n", item.path("upload").asText());
        default -> {}
      }
    }
  }

  private String readPassword() throws IOException {
    if (!passwordStdin) {
      throw new IllegalArgumentException(
          "--user needs --password-stdin (passwords never go on the command line)");
    }
    return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  private static void printProgress(PrintWriter err, GcProgress p) {
    err.printf("%s: %d/%d%n", p.phase().description(), p.done(), p.total());
    err.flush();
  }

  static void printReport(PrintWriter out, GcReport r) {
    out.printf(
        "Garbage collection %s: %d manifests, %d blobs, %d orphaned files, %d uploads; %s%n",
        r.outcome(),
        r.manifestsDeleted(),
        r.blobsDeleted(),
        r.orphansDeleted(),
        r.uploadsPurged(),
        ("dry-run".equals(r.outcome()) ? "would free " : "freed ") + Bytes.human(r.bytesFreed()));
    GcPlan plan = r.plan();
    printHeldBack(
        out,
        plan.heldBack().size(),
        plan.heldBackBytes(),
        plan.collectableFrom() == null ? null : plan.collectableFrom().toString(),
        plan.allCollectableAt() == null ? null : plan.allCollectableAt().toString());
  }

  /** What the grace period kept, and from when it can go: a run that frees nothing says why. */
  static void printHeldBack(PrintWriter out, long blobs, long bytes, String from, String until) {
    if (blobs == 0) {
      return;
    }
    out.printf(
        "Held back: %d blobs (%s) that clients used within the grace period; collectable from %s%s"
            + " (or now with --grace 0s)%n",
        blobs, Bytes.human(bytes), from, from.equals(until) ? "" : ", all by " + until);
  }

  private static void printPlan(PrintWriter out, GcPlan plan) {
    plan.manifests()
        .forEach(
            m ->
                out.printf(
                    "manifest %s@%s (%s)%n", m.repository(), m.digest(), Bytes.human(m.size())));
    plan.blobs().forEach(b -> out.printf("blob %s (%s)%n", b.digest(), Bytes.human(b.size())));
    plan.orphans()
        .forEach(b -> out.printf("orphaned file %s (%s)%n", b.digest(), Bytes.human(b.size())));
    plan.staleUploads().forEach(u -> out.printf("stale upload %s%n", u));
  }
}
