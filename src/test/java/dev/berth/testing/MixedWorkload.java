package dev.berth.testing;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients doing what registry clients do, at once, recording every acknowledgement in an {@link
 * AcknowledgedHistory}: monolithic and chunked blob uploads, manifest pushes to tags every client
 * shares, tag deletes, pushes and deletes of manifests by digest, and reads (pulls, tag lists, the
 * catalog). A request that fails or gets no answer is not acknowledged; the client moves on.
 *
 * <p>Every answer of 500 or more is counted: the stress test requires none.
 */
public final class MixedWorkload implements AutoCloseable {
  public static final String SHARED = "mixed/shared";
  public static final int SHARED_TAGS = 8;

  private final AcknowledgedHistory history;
  private final RegistryClient client;
  private final int clients;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final ConcurrentLinkedQueue<String> serverErrorSamples = new ConcurrentLinkedQueue<>();
  private final ExecutorService threads;
  private final long seed;

  public MixedWorkload(URI registry, AcknowledgedHistory history, int clients, long seed) {
    this.history = history;
    // Short timeouts: a client of a killed server must give up quickly.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.client =
        new RegistryClient(
            registry,
            request -> {
              requests.incrementAndGet();
              HttpResponse<byte[]> response =
                  http.send(request, HttpResponse.BodyHandlers.ofByteArray());
              if (response.statusCode() >= 500) {
                serverErrors.incrementAndGet();
                if (serverErrorSamples.size() < 20) {
                  serverErrorSamples.add(
                      request.method()
                          + " "
                          + request.uri().getPath()
                          + " -> "
                          + response.statusCode()
                          + " "
                          + new String(response.body()));
                }
              }
              return response;
            });
    this.clients = clients;
    this.seed = seed;
    this.threads = Executors.newFixedThreadPool(clients);
  }

  /** Starts the clients; they run until {@link #stop}. */
  public MixedWorkload start() {
    for (int i = 0; i < clients; i++) {
      int number = i;
      threads.submit(() -> run(number));
    }
    return this;
  }

  /** Asks the clients to stop and waits for their requests in flight to end. */
  public void stop() throws InterruptedException {
    stop.set(true);
    threads.shutdown();
    if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new AssertionError("workload clients did not stop within 60 s");
    }
  }

  public long serverErrors() {
    return serverErrors.get();
  }

  public List<String> serverErrorSamples() {
    return List.copyOf(serverErrorSamples);
  }

  public long requests() {
    return requests.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void run(int number) {
    Random random = new Random(seed * 1000 + number);
    String own = "mixed/client" + number;
    int round = 0;
    while (!stop.get()) {
      round++;
      try {
        switch (random.nextInt(10)) {
          case 0, 1 -> monolithicBlob(own, random);
          case 2 -> chunkedBlob(own, random);
          case 3, 4, 5 -> pushToSharedTag(number, round, random);
          case 6 -> deleteSharedTag(random);
          case 7 -> pushAndDeleteByDigest(own, number, round);
          default -> read(own, random);
        }
      } catch (RuntimeException | AssertionError e) {
        // No answer (the server died or the connection broke): nothing was acknowledged.
        pause();
      }
    }
  }

  private void monolithicBlob(String repository, Random random) {
    byte[] bytes = randomBytes(random, 1 + random.nextInt(128 * 1024));
    HttpResponse<byte[]> put =
        client.post("/v2/" + repository + "/blobs/uploads/?digest=" + Digest.sha256(bytes), bytes);
    if (put.statusCode() == 201) {
      history.blobStored(repository, bytes);
    }
  }

  private void chunkedBlob(String repository, Random random) {
    byte[] bytes = randomBytes(random, 2 + random.nextInt(512 * 1024));
    HttpResponse<byte[]> start = client.post("/v2/" + repository + "/blobs/uploads/", new byte[0]);
    if (start.statusCode() != 202) {
      return;
    }
    String location = start.headers().firstValue("Location").orElseThrow();
    int half = bytes.length / 2;
    HttpResponse<byte[]> patch =
        client.patch(
            location,
            Arrays.copyOfRange(bytes, 0, half),
            "Content-Type",
            "application/octet-stream",
            "Content-Range",
            "0-" + (half - 1));
    if (patch.statusCode() != 202) {
      return;
    }
    String next = patch.headers().firstValue("Location").orElse(location);
    String separator = next.contains("?") ? "&" : "?";
    HttpResponse<byte[]> put =
        client.put(
            next + separator + "digest=" + Digest.sha256(bytes),
            Arrays.copyOfRange(bytes, half, bytes.length),
            "Content-Type",
            "application/octet-stream");
    if (put.statusCode() == 201) {
      history.blobStored(repository, bytes);
    }
  }

  /** A fresh image (its own config and layer) into the shared repository, under a shared tag. */
  private void pushToSharedTag(int number, int round, Random random) {
    TestImages.Image image = image("shared " + number + " " + round + " " + random.nextLong());
    if (!pushBlobs(SHARED, image)) {
      return;
    }
    String tag = "t" + random.nextInt(SHARED_TAGS);
    AcknowledgedHistory.TagWrite write = history.tagWriteStarting(SHARED, tag, image.digest());
    HttpResponse<byte[]> put =
        client.putManifest(SHARED, tag, MediaTypes.OCI_MANIFEST, image.manifest().bytes());
    if (put.statusCode() == 201) {
      history.tagWriteAcknowledged(write);
      history.manifestStored(SHARED, image.manifest().bytes());
    }
  }

  private void deleteSharedTag(Random random) {
    String tag = "t" + random.nextInt(SHARED_TAGS);
    AcknowledgedHistory.TagWrite write = history.tagWriteStarting(SHARED, tag, null);
    HttpResponse<byte[]> delete = client.delete("/v2/" + SHARED + "/manifests/" + tag);
    if (delete.statusCode() == 202) {
      history.tagWriteAcknowledged(write);
    } else if (delete.statusCode() == 404) {
      history.tagWriteDidNothing(SHARED, tag, write);
    }
  }

  /** Pushes an image by digest into the client's own repository, then deletes it again. */
  private void pushAndDeleteByDigest(String repository, int number, int round) {
    TestImages.Image image = image("own " + number + " " + round + " " + System.nanoTime());
    if (!pushBlobs(repository, image)) {
      return;
    }
    HttpResponse<byte[]> put =
        client.putManifest(
            repository,
            image.digest().toString(),
            MediaTypes.OCI_MANIFEST,
            image.manifest().bytes());
    if (put.statusCode() != 201) {
      return;
    }
    history.manifestStored(repository, image.manifest().bytes());
    if (round % 2 == 0) {
      history.manifestDeleteSending(repository, image.digest());
      HttpResponse<byte[]> delete =
          client.delete("/v2/" + repository + "/manifests/" + image.digest());
      if (delete.statusCode() == 202) {
        history.manifestDeleted(repository, image.digest());
      }
    }
  }

  private void read(String repository, Random random) {
    switch (random.nextInt(4)) {
      case 0 -> client.get("/v2/_catalog?n=100");
      case 1 -> client.get("/v2/" + SHARED + "/tags/list");
      case 2 ->
          client.get(
              "/v2/" + SHARED + "/manifests/t" + random.nextInt(SHARED_TAGS),
              "Accept",
              MediaTypes.OCI_MANIFEST);
      default -> {
        List<AcknowledgedHistory.StoredItem> blobs = history.blobs();
        if (!blobs.isEmpty()) {
          AcknowledgedHistory.StoredItem blob = blobs.get(random.nextInt(blobs.size()));
          client.get("/v2/" + blob.repository() + "/blobs/" + blob.digest());
        } else {
          client.get("/v2/" + repository + "/tags/list");
        }
      }
    }
  }

  private boolean pushBlobs(String repository, TestImages.Image image) {
    for (TestImages.Blob blob : image.blobs()) {
      HttpResponse<byte[]> put =
          client.post(
              "/v2/" + repository + "/blobs/uploads/?digest=" + blob.digest(), blob.bytes());
      if (put.statusCode() != 201) {
        return false;
      }
      history.blobStored(repository, blob.bytes());
    }
    return true;
  }

  /** A small OCI image whose config and layer are unique to {@code text}. */
  private static TestImages.Image image(String text) {
    return TestImages.ociImage("amd64", text);
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts for a summary line. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("requests", requests.get());
    counts.put("5xx", serverErrors.get());
    counts.put("acknowledged", history.acknowledgedCount());
    return counts;
  }

  /** The distinct repositories the workload may have written to. */
  public static List<String> repositories(int clients) {
    List<String> names = new ArrayList<>();
    names.add(SHARED);
    for (int i = 0; i < clients; i++) {
      names.add("mixed/client" + i);
    }
    return names;
  }
}
