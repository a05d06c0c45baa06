package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do. Each backend's test extends this class and supplies a
 * fresh, empty store.
 */
public abstract class BlobStoreContract {

  protected abstract BlobStore store() throws Exception;

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static InputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  @Test
  void commit_makesVerifiedContentReadable() throws Exception {
    BlobStore store = store();
    byte[] content = bytes(300_000, 1);
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(content), content.length);

    long size = store.uploads().commit(id, Digest.sha256(content));

    assertThat(size).isEqualTo(content.length);
    assertThat(store.size(Digest.sha256(content))).contains((long) content.length);
    try (InputStream read = store.open(Digest.sha256(content), 1000)) {
      assertThat(read.readAllBytes())
          .isEqualTo(java.util.Arrays.copyOfRange(content, 1000, content.length));
    }
    assertThat(store.uploads().list()).isEmpty();
  }

  @Test
  void commit_rejectsDigestMismatch_andStoresNothing() throws Exception {
    BlobStore store = store();
    byte[] content = bytes(1000, 2);
    Digest claimed = Digest.sha256(bytes(1000, 3));
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(content), -1);

    assertThatThrownBy(() -> store.uploads().commit(id, claimed))
        .isInstanceOf(DigestMismatchException.class);

    assertThat(store.size(claimed)).isEmpty();
    assertThat(store.size(Digest.sha256(content))).isEmpty();
    assertThat(store.uploads().list()).isEmpty();
    List<Digest> all = new ArrayList<>();
    store.forEachDigest(all::add);
    assertThat(all).isEmpty();
  }

  @Test
  void append_atWrongOffset_isRefusedAndChangesNothing() throws Exception {
    BlobStore store = store();
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(new byte[10]), 10);

    assertThatThrownBy(() -> store.uploads().append(id, 5, in(new byte[10]), 10))
        .isInstanceOf(UploadOffsetException.class);
    assertThat(store.uploads().size(id)).isEqualTo(10);
  }

  @Test
  void append_withWrongLength_isChunkLengthException() throws Exception {
    BlobStore store = store();
    UploadId id = store.uploads().start();

    assertThatThrownBy(() -> store.uploads().append(id, 0, in(new byte[10]), 20))
        .isInstanceOf(ChunkLengthException.class);
    assertThatThrownBy(() -> store.uploads().append(id, -1, in(new byte[30]), 20))
        .isInstanceOf(ChunkLengthException.class);
  }

  @Test
  void chunks_hashAcrossAppends() throws Exception {
    BlobStore store = store();
    byte[] content = bytes(100_000, 4);
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(java.util.Arrays.copyOfRange(content, 0, 33_333)), -1);
    store
        .uploads()
        .append(id, 33_333, in(java.util.Arrays.copyOfRange(content, 33_333, 100_000)), -1);

    store.uploads().commit(id, Digest.sha256(content));

    try (InputStream read = store.open(Digest.sha256(content), 0)) {
      assertThat(read.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void largeAppend_inSmallReads_isHashedAndStoredExactly() throws Exception {
    BlobStore store = store();
    long size = (70L << 20) + 12_345; // many buffers, past the first background flush, a ragged end
    UploadId id = store.uploads().start();

    long after =
        store.uploads().append(id, 0, new GeneratedStream(size, 7, 4093, Long.MAX_VALUE), size);
    Digest digest = Digest.of(Digest.Algorithm.SHA256, GeneratedStream.sha256(size, 7));
    store.uploads().commit(id, digest);

    assertThat(after).isEqualTo(size);
    try (InputStream read = store.open(digest, 0)) {
      assertThat(GeneratedStream.sha256Of(read)).isEqualTo(GeneratedStream.sha256(size, 7));
    }
  }

  @Test
  void bodyFailingHalfway_keepsWhatArrived_andTheUploadResumes() throws Exception {
    BlobStore store = store();
    long size = 3_000_000;
    long failAt = 1_234_567; // not a multiple of any buffer size
    UploadId id = store.uploads().start();

    assertThatThrownBy(
            () -> store.uploads().append(id, 0, new GeneratedStream(size, 9, 65_536, failAt), -1))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("connection reset");
    long received = store.uploads().size(id);
    InputStream rest = new GeneratedStream(size, 9, 65_536, Long.MAX_VALUE);
    rest.skipNBytes(received);
    store.uploads().append(id, received, rest, size - received);
    Digest digest = Digest.of(Digest.Algorithm.SHA256, GeneratedStream.sha256(size, 9));
    store.uploads().commit(id, digest);

    assertThat(received).isEqualTo(failAt);
    assertThat(store.size(digest)).contains(size);
  }

  @Test
  void sha512Digests_areVerifiedToo() throws Exception {
    BlobStore store = store();
    byte[] content = bytes(5000, 5);
    Digest sha512 =
        Digest.of(
            Digest.Algorithm.SHA512, Digest.Algorithm.SHA512.newMessageDigest().digest(content));
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(content), -1);

    store.uploads().commit(id, sha512);

    assertThat(store.size(sha512)).contains(5000L);
  }

  @Test
  void cancel_isIdempotent_andUnknownUploadsAreReported() throws Exception {
    BlobStore store = store();
    UploadId id = store.uploads().start();
    store.uploads().cancel(id);
    store.uploads().cancel(id);

    assertThatThrownBy(() -> store.uploads().size(id)).isInstanceOf(UnknownUploadException.class);
    assertThatThrownBy(() -> store.uploads().append(id, -1, in(new byte[1]), -1))
        .isInstanceOf(UnknownUploadException.class);
  }

  @Test
  void concurrentCommitsOfSameContent_storeOneBlob() throws Exception {
    BlobStore store = store();
    byte[] content = bytes(200_000, 6);
    Digest digest = Digest.sha256(content);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                (Callable<Long>)
                    () -> {
                      UploadId id = store.uploads().start();
                      store.uploads().append(id, 0, in(content), content.length);
                      return store.uploads().commit(id, digest);
                    }));
      }
      for (Future<Long> r : results) {
        assertThat(r.get()).isEqualTo(content.length);
      }
    } finally {
      pool.shutdown();
    }
    List<Digest> all = new ArrayList<>();
    store.forEachDigest(all::add);
    assertThat(all).containsExactly(digest);
    try (InputStream read = store.open(digest, 0)) {
      assertThat(read.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void delete_removesTheBytes_andSaysWhetherThereWereAny() throws Exception {
    BlobStore store = store();
    Digest deleted = commit(store, bytes(10, 7));
    Digest kept = commit(store, bytes(20, 8));

    assertThat(store.delete(deleted)).isTrue();
    assertThat(store.delete(deleted)).as("nothing left to delete").isFalse();

    assertThat(store.size(deleted)).isEmpty();
    assertThat(store.size(kept)).contains(20L);
    List<Digest> listed = new ArrayList<>();
    store.forEachDigest(listed::add);
    assertThat(listed).containsExactly(kept);
  }

  private static Digest commit(BlobStore store, byte[] content) throws Exception {
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, in(content), -1);
    store.uploads().commit(id, Digest.sha256(content));
    return Digest.sha256(content);
  }
}
