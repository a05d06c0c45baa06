package dev.berth.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContract;
import dev.berth.storage.UploadId;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;

  @Override
  protected BlobStore store() throws Exception {
    return new FileSystemBlobStore(root);
  }

  @Test
  void layout_isContentAddressedUnderTwoCharacterFanOut() throws Exception {
    BlobStore store = store();
    byte[] content = "layout".getBytes();
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, new ByteArrayInputStream(content), -1);
    Digest digest = Digest.sha256(content);

    store.uploads().commit(id, digest);

    Path expected = root.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    assertThat(expected).hasBinaryContent(content);
    assertThat(store.localFile(digest)).contains(expected);
  }

  @Test
  void uploadHashState_isRebuiltAfterRestart() throws Exception {
    BlobStore first = store();
    UploadId id = first.uploads().start();
    first.uploads().append(id, 0, new ByteArrayInputStream("part one, ".getBytes()), -1);

    BlobStore second = new FileSystemBlobStore(root); // a new process: no in-memory hash state
    second.uploads().append(id, 10, new ByteArrayInputStream("part two".getBytes()), -1);
    second.uploads().commit(id, Digest.sha256("part one, part two".getBytes()));

    assertThat(second.size(Digest.sha256("part one, part two".getBytes()))).contains(18L);
  }

  @Test
  void forEachDigest_ignoresFilesItCannotName() throws Exception {
    BlobStore store = store();
    Files.createDirectories(root.resolve("blobs/sha256/ab"));
    Files.writeString(root.resolve("blobs/sha256/ab/notes.txt~"), "editor backup");
    var seen = new java.util.ArrayList<Digest>();

    store.forEachDigest(seen::add);

    assertThat(seen).isEmpty();
  }
}
