package dev.berth.testing;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The one layer-tar builder for tests: builds small layer tars in memory the way image builders
 * write them (GNU or PAX long names, links, whiteouts), plain, gzip or zstd.
 */
public final class TestLayers {
  /** Fixed, so the same content gives the same blob (and shared layers stay shared). */
  private static final Date MODIFIED = Date.from(Instant.parse("2026-10-01T09:00:00Z"));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;
  private boolean finished;

  private TestLayers(int longFileMode) {
    tar = new TarArchiveOutputStream(bytes);
    tar.setLongFileMode(longFileMode);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** Long names as GNU {@code ././@LongLink} entries. */
  public static TestLayers gnu() {
    return new TestLayers(TarArchiveOutputStream.LONGFILE_GNU);
  }

  /** Long names as PAX extended headers. */
  public static TestLayers pax() {
    return new TestLayers(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public TestLayers dir(String name, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040000 | mode);
    return put(e, new byte[0]);
  }

  public TestLayers file(String name, int mode, String content) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100000 | mode);
    e.setSize(data.length);
    return put(e, data);
  }

  public TestLayers symlink(String name, String target) {
    return link(name, TarConstants.LF_SYMLINK, target, 0120777);
  }

  public TestLayers hardlink(String name, String target) {
    return link(name, TarConstants.LF_LINK, target, 0100644);
  }

  private TestLayers link(String name, byte type, String target, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setLinkName(target);
    e.setMode(mode);
    return put(e, new byte[0]);
  }

  private TestLayers put(TarArchiveEntry entry, byte[] data) {
    entry.setModTime(MODIFIED);
    try {
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * The finished, uncompressed archive (its sha256 is the layer's diff_id); may be called again.
   */
  public byte[] tar() {
    if (!finished) {
      try {
        tar.finish();
        tar.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      finished = true;
    }
    return bytes.toByteArray();
  }

  public byte[] gzip() {
    return gzip(tar());
  }

  public byte[] zstd() {
    return compress(tar(), ZstdOutputStream::new);
  }

  public static byte[] gzip(byte[] data) {
    return compress(data, GZIPOutputStream::new);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor compressor) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compressor.wrap(out)) {
      c.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
