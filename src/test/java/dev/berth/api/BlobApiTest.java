package dev.berth.api;

import static dev.berth.testing.RegistryClient.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.testing.RegistryClient;
import dev.berth.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blob reads and deletes over real HTTP. */
class BlobApiTest {
  private static final byte[] CONTENT = new byte[50_000];

  static {
    new Random(42).nextBytes(CONTENT);
  }

  @Nested
  class WithDeleteEnabled {
    @RegisterExtension final TestRegistry registry = new TestRegistry();

    private RegistryClient client() {
      return registry.client();
    }

    @Test
    void get_returnsContentWithDigestEtagAndLength() {
      Digest digest = client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> get = client().get("/v2/app/blobs/" + digest);

      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(CONTENT);
      assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
      assertThat(get.headers().firstValue("ETag")).contains("\"" + digest + "\"");
      assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(CONTENT.length);
      assertThat(get.headers().firstValue("Accept-Ranges")).contains("bytes");
    }

    @Test
    void get_ofABlobSpanningManySendfilePieces_isExact() {
      byte[] large = new byte[(9 << 20) + 12_345]; // several 2 MiB pieces and a ragged end
      new Random(7).nextBytes(large);
      Digest digest = client().pushBlob("app", large);

      HttpResponse<byte[]> get = client().get("/v2/app/blobs/" + digest);

      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(get.body())).isEqualTo(digest);
      assertThat(get.body()).hasSize(large.length);
    }

    @Test
    void head_returnsHeadersWithoutBody() {
      Digest digest = client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> head = client().head("/v2/app/blobs/" + digest);

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(CONTENT.length);
      assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    }

    @Test
    void range_returns206WithContentRange() {
      Digest digest = client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> middle =
          client().get("/v2/app/blobs/" + digest, "Range", "bytes=100-199");
      HttpResponse<byte[]> open = client().get("/v2/app/blobs/" + digest, "Range", "bytes=49990-");
      HttpResponse<byte[]> suffix = client().get("/v2/app/blobs/" + digest, "Range", "bytes=-5");

      assertThat(middle.statusCode()).isEqualTo(206);
      assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(CONTENT, 100, 200));
      assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 100-199/50000");
      assertThat(open.body()).isEqualTo(Arrays.copyOfRange(CONTENT, 49_990, 50_000));
      assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(CONTENT, 49_995, 50_000));
      assertThat(suffix.headers().firstValue("Content-Range")).contains("bytes 49995-49999/50000");
    }

    @Test
    void rangeBeyondEnd_is416() {
      Digest digest = client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> response =
          client().get("/v2/app/blobs/" + digest, "Range", "bytes=60000-");

      assertThat(response.statusCode()).isEqualTo(416);
      assertThat(response.headers().firstValue("Content-Range")).contains("bytes */50000");
    }

    @Test
    void ifNoneMatch_isNotModified() {
      Digest digest = client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> response =
          client().get("/v2/app/blobs/" + digest, "If-None-Match", "\"" + digest + "\"");

      assertThat(response.statusCode()).isEqualTo(304);
      assertThat(response.body()).isEmpty();
    }

    @Test
    void blobOfAnotherRepository_isUnknownUntilMountedOrUploaded() {
      Digest digest = client().pushBlob("owner", CONTENT);

      HttpResponse<byte[]> response = client().get("/v2/stranger/blobs/" + digest);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(errorCode(response)).isEqualTo("BLOB_UNKNOWN");
      assertThat(client().head("/v2/stranger/blobs/" + digest).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownBlob_isBlobUnknown_andMalformedDigestIsDigestInvalid() {
      HttpResponse<byte[]> unknown = client().get("/v2/app/blobs/sha256:" + "0".repeat(64));
      HttpResponse<byte[]> malformed = client().get("/v2/app/blobs/sha256:abc");
      HttpResponse<byte[]> algorithm = client().get("/v2/app/blobs/md5:" + "0".repeat(32));

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(errorCode(unknown)).isEqualTo("BLOB_UNKNOWN");
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(errorCode(malformed)).isEqualTo("DIGEST_INVALID");
      assertThat(errorCode(algorithm)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void delete_unlinksFromRepositoryOnly() {
      Digest digest = client().pushBlob("a", CONTENT);
      client().pushBlob("b", CONTENT);

      HttpResponse<byte[]> delete = client().delete("/v2/a/blobs/" + digest);

      assertThat(delete.statusCode()).isEqualTo(202);
      assertThat(client().head("/v2/a/blobs/" + digest).statusCode()).isEqualTo(404);
      assertThat(client().get("/v2/b/blobs/" + digest).body()).isEqualTo(CONTENT);
      assertThat(errorCode(client().delete("/v2/a/blobs/" + digest))).isEqualTo("BLOB_UNKNOWN");
    }

    @Test
    void unsupportedMethod_is405Unsupported() {
      HttpResponse<byte[]> response =
          client().put("/v2/app/blobs/sha256:" + "0".repeat(64), new byte[0]);

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(errorCode(response)).isEqualTo("UNSUPPORTED");
    }
  }

  @Nested
  class WithDeleteDisabled {
    @RegisterExtension
    final TestRegistry registry = new TestRegistry(c -> c.withDeleteEnabled(false));

    @Test
    void delete_is405Unsupported_andBlobStays() {
      Digest digest = registry.client().pushBlob("app", CONTENT);

      HttpResponse<byte[]> delete = registry.client().delete("/v2/app/blobs/" + digest);

      assertThat(delete.statusCode()).isEqualTo(405);
      assertThat(errorCode(delete)).isEqualTo("UNSUPPORTED");
      assertThat(registry.client().head("/v2/app/blobs/" + digest).statusCode()).isEqualTo(200);
    }
  }
}
