package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked upload survives the registry: after a SIGKILL and a restart, the client asks where the
 * upload stands, sends the rest and completes it, instead of starting over. What a {@code 202} for
 * a chunk acknowledged is on disk, and the hash is rebuilt from it.
 */
class UploadResumeTest {
  @TempDir Path data;

  @Test
  void aChunkedUpload_continuesAfterTheServerWasKilled() throws Exception {
    byte[] blob = new byte[3 << 20];
    new Random(11).nextBytes(blob);
    int first = 1 << 20;
    int port = ServerProcess.freePort();
    String location;
    try (ServerProcess server = ServerProcess.serve(port, data)) {
      RegistryClient client = server.client();
      HttpResponse<byte[]> start = client.post("/v2/team/resumed/blobs/uploads/", new byte[0]);
      RegistryClient.requireStatus(start, 202);
      location = start.headers().firstValue("Location").orElseThrow();
      HttpResponse<byte[]> chunk =
          client.patch(
              location,
              Arrays.copyOfRange(blob, 0, first),
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              "0-" + (first - 1));
      RegistryClient.requireStatus(chunk, 202);
      server.kill();
    }

    try (ServerProcess restarted = ServerProcess.serve(port, data)) {
      RegistryClient client = restarted.client();
      HttpResponse<byte[]> status = client.get(path(location));
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).contains("0-" + (first - 1));

      HttpResponse<byte[]> rest =
          client.patch(
              location,
              Arrays.copyOfRange(blob, first, blob.length),
              "Content-Type",
              "application/octet-stream",
              "Content-Range",
              first + "-" + (blob.length - 1));
      RegistryClient.requireStatus(rest, 202);
      String next = rest.headers().firstValue("Location").orElse(location);
      Digest digest = Digest.sha256(blob);
      RegistryClient.requireStatus(
          client.put(next + (next.contains("?") ? "&" : "?") + "digest=" + digest, new byte[0]),
          201);

      HttpResponse<byte[]> pulled = client.get("/v2/team/resumed/blobs/" + digest);
      assertThat(pulled.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(pulled.body())).isEqualTo(digest);
    }
  }

  private static String path(String location) {
    return location.startsWith("http") ? java.net.URI.create(location).getRawPath() : location;
  }
}
