package dev.berth.browse;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds small layer tars in memory, the way image builders write them. */
public final class TestLayers {
  /** Fixed, so the same content gives the same blob (and shared layers stay shared). */
  private static final java.util.Date MODIFIED = java.util.Date.from(java.time.Instant.parse("2026-10-01T09:00:00Z"));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

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

  public TestLayers dir(String name, int mode) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    e.setMode(040000 | mode);
    e.setModTime(MODIFIED);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  public TestLayers file(String name, int mode, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100000 | mode);
    e.setSize(data.length);
    e.setModTime(MODIFIED);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
    return this;
  }

  public TestLayers symlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    e.setMode(0120777);
    e.setModTime(MODIFIED);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  public TestLayers hardlink(String name, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    e.setMode(0100644);
    e.setModTime(MODIFIED);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  public byte[] tar() throws IOException {
    tar.finish();
    tar.close();
    return bytes.toByteArray();
  }

  public byte[] gzip() throws IOException {
    return compress(tar(), GZIPOutputStream::new);
  }

  public byte[] zstd() throws IOException {
    return compress(tar(), ZstdOutputStream::new);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor compressor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compressor.wrap(out)) {
      c.write(data);
    }
    return out.toByteArray();
  }
}
