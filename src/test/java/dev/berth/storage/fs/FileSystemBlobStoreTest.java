package dev.berth.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContract;
import dev.berth.storage.UploadId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;

  @Override
  protected BlobStore store() throws Exception {
    return new FileSystemBlobStore(root);
  }

  @Test
  void aTrashFolderOfAnOlderVersion_isPutBackWhereItWas_andRemoved() throws Exception {
    byte[] interrupted = "a deletion that never committed".getBytes();
    byte[] uploadedAgain = "bytes that exist again".getBytes();
    Digest interruptedDigest = Digest.sha256(interrupted);
    Digest againDigest = Digest.sha256(uploadedAgain);
    new FileSystemBlobStore(root).close();
    BlobPaths paths = new BlobPaths(root);
    Path trash = Files.createDirectories(root.resolve("trash"));
    Files.write(trash.resolve("sha256-" + interruptedDigest.hex() + "-1f0e3a9c"), interrupted);
    Files.write(trash.resolve("sha256-" + againDigest.hex() + "-5d2c"), uploadedAgain);
    Files.createDirectories(paths.blob(againDigest).getParent());
    Files.write(paths.blob(againDigest), uploadedAgain);

    BlobStore store = store();

    assertThat(store.size(interruptedDigest)).contains((long) interrupted.length);
    assertThat(Files.readAllBytes(paths.blob(interruptedDigest))).isEqualTo(interrupted);
    assertThat(store.size(againDigest)).contains((long) uploadedAgain.length);
    assertThat(trash).doesNotExist();
  }

  @Test
  void adopt_onTheSameFileSystem_hardLinksTheFile_andLeavesNoStagingName() throws Exception {
    BlobStore store = store();
    byte[] content = "bytes another registry keeps".getBytes();
    Path source =
        Files.write(Files.createDirectories(root.resolve("elsewhere")).resolve("data"), content);
    Digest digest = Digest.sha256(content);

    dev.berth.storage.AdoptedBlob adopted = store.adopt(source, digest);

    assertThat(adopted).isEqualTo(new dev.berth.storage.AdoptedBlob(content.length, true));
    Path blob =
        ((dev.berth.storage.BlobDelivery.FileRegion) store.deliver(digest, 0, content.length))
            .file();
    assertThat(Files.getAttribute(blob, "unix:ino"))
        .isEqualTo(Files.getAttribute(source, "unix:ino"));
    assertThat(Files.readAllBytes(source)).isEqualTo(content);
    assertThat(store.uploads().list()).isEmpty();
    // Adopting again (a resumed import) changes nothing.
    assertThat(store.adopt(source, digest).size()).isEqualTo(content.length);
  }

  @Test
  void adopt_acrossFileSystems_copies() throws Exception {
    try (dev.berth.testing.SmallFileSystem other = dev.berth.testing.SmallFileSystem.provide()) {
      byte[] content = "on another file system".getBytes();
      Path source = Files.write(other.freshFolder("adopt").resolve("data"), content);
      BlobStore store = store();
      assertThat(store.adopt(source, Digest.sha256(content)))
          .isEqualTo(new dev.berth.storage.AdoptedBlob(content.length, false));
      var region =
          (dev.berth.storage.BlobDelivery.FileRegion)
              store.deliver(Digest.sha256(content), 0, content.length);
      assertThat(Files.readAllBytes(region.file())).isEqualTo(content);
      Files.delete(source); // the small file system is shared with the full-disk tests
      Files.delete(source.getParent());
    }
  }

  @Test
  void adopt_ofAFileThatDoesNotMatchItsDigest_storesNothing() throws Exception {
    BlobStore store = store();
    Path source = Files.write(root.resolve("corrupt"), "bit rot".getBytes());
    Digest claimed = Digest.sha256("what it should have been".getBytes());
    assertThatThrownBy(() -> store.adopt(source, claimed))
        .isInstanceOf(dev.berth.storage.DigestMismatchException.class);
    assertThat(store.size(claimed)).isEmpty();
    assertThat(store.uploads().list()).isEmpty();
    assertThat(source).exists();
  }

  @Test
  void layout_isContentAddressedUnderTwoCharacterFanOut() throws Exception {
    BlobStore store = store();
    byte[] content = "layout".getBytes();
    UploadId id = store.uploads().start();
    store.uploads().append(id, 0, new ByteArrayInputStream(content), -1);
    Digest digest = Digest.sha256(content);

    store.uploads().commit(id, digest);

    Path expected =
        root.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    assertThat(expected).hasBinaryContent(content);
    assertThat(store.deliver(digest, 0, 10))
        .isEqualTo(new dev.berth.storage.BlobDelivery.FileRegion(expected, 0, 10));
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

  @Test
  void uploadsStillComplete_afterTheStoreWasClosed() throws Exception {
    // close() comes after the server stopped, but a request may still be draining then; its hash
    // tasks run on its own thread instead of being lost (which would leave it waiting forever).
    FileSystemBlobStore store = new FileSystemBlobStore(root);
    store.close();
    byte[] content = new byte[3 * PipelinedAppend.BUFFER_SIZE + 17];
    new Random(8).nextBytes(content);
    UploadId id = store.uploads().start();

    store.uploads().append(id, 0, new ByteArrayInputStream(content), content.length);
    store.uploads().commit(id, Digest.sha256(content));

    assertThat(store.size(Digest.sha256(content))).contains((long) content.length);
  }

  @Test
  void aWriteFailingHalfway_forgetsTheRunningHash_soCommitReadsTheFileAgain() throws Exception {
    Path file = Files.createFile(root.resolve("upload"));
    UploadState state = new UploadState();
    state.sha256 = Digest.Algorithm.SHA256.newMessageDigest();
    state.hashedBytes = 0;
    byte[] content = new byte[2 * PipelinedAppend.BUFFER_SIZE];
    new Random(9).nextBytes(content);
    try (UploadWorkers workers = new UploadWorkers(1, 1);
        FileChannel channel =
            new FailingAfter(
                FileChannel.open(file, StandardOpenOption.WRITE),
                PipelinedAppend.BUFFER_SIZE + 1000)) {
      PipelinedAppend append = new PipelinedAppend(workers, FileSystemFreeSpace.of(root, 0));

      assertThatThrownBy(
              () -> append.copy(new ByteArrayInputStream(content), channel, file, state, -1, 0))
          .hasMessageContaining("disk full (simulated)");
    }

    assertThat(state.hashedBytes).isEqualTo(-1);
    assertThat(Files.size(file)).isEqualTo(PipelinedAppend.BUFFER_SIZE + 1000);
  }

  /**
   * A file channel whose writes fail once {@code limit} bytes are written, after a partial write.
   */
  private static final class FailingAfter extends FileChannel {
    private final FileChannel delegate;
    private final long limit;

    FailingAfter(FileChannel delegate, long limit) {
      this.delegate = delegate;
      this.limit = limit;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      long room = limit - delegate.position();
      if (room <= 0) {
        throw new IOException("disk full (simulated)");
      }
      if (src.remaining() > room) {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) room);
        int n = delegate.write(part);
        src.position(src.position() + n);
        return n;
      }
      return delegate.write(src);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return delegate.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public FileChannel position(long p) throws IOException {
      delegate.position(p);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      delegate.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      delegate.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void implCloseChannel() throws IOException {
      delegate.close();
    }
  }
}
