package dev.berth.browse;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lists the files of a layer blob by streaming it once: nothing is unpacked to disk and only the
 * entry headers stay in memory. The compression is recognised from the first bytes, not from the
 * media type, because Docker and OCI name the same formats differently and some tools mislabel
 * them. Long names (GNU {@code ././@LongLink} and PAX {@code path}/{@code linkpath}) are resolved
 * by commons-compress.
 */
public final class LayerTarReader {
  /** Enough for any real image layer; a bigger listing would not help a person either. */
  public static final int MAX_ENTRIES = 200_000;

  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

  /** The compressions the OCI image spec allows for layers. */
  public enum Compression {
    NONE,
    GZIP,
    ZSTD
  }

  /**
   * Reads the listing.
   *
   * @param blob the layer bytes as stored; closed by the caller
   * @param compressedBytesRead told how many blob bytes were consumed so far, for progress
   * @param cancelled checked between entries; when it answers true reading stops
   * @throws CancellationException when {@code cancelled} answered true
   * @throws IOException when the blob is not a (compressed) tar archive or cannot be read
   */
  public LayerListing read(
      InputStream blob, LongConsumer compressedBytesRead, BooleanSupplier cancelled)
      throws IOException {
    CountingInputStream counted = new CountingInputStream(blob);
    BufferedInputStream buffered = new BufferedInputStream(counted, 64 * 1024);
    Compression compression = sniff(buffered);
    List<LayerEntry> entries = new ArrayList<>();
    boolean truncated = false;
    try (TarArchiveInputStream archive =
        new TarArchiveInputStream(decompress(buffered, compression))) {
      TarArchiveEntry entry;
      while ((entry = archive.getNextEntry()) != null) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("reading the layer was cancelled");
        }
        if (entries.size() == MAX_ENTRIES) {
          truncated = true;
          break;
        }
        LayerEntry converted = convert(entry);
        if (converted != null) {
          entries.add(converted);
        }
        compressedBytesRead.accept(counted.count());
      }
    } catch (IOException e) {
      throw new IOException(
          "the layer is not a readable " + describe(compression) + " archive: " + e.getMessage(),
          e);
    }
    return new LayerListing(entries, compression, truncated);
  }

  private static InputStream decompress(InputStream in, Compression compression)
      throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(in, 64 * 1024);
      case ZSTD -> new ZstdInputStream(in);
      case NONE -> in;
    };
  }

  private static String describe(Compression compression) {
    return switch (compression) {
      case GZIP -> "gzip-compressed tar";
      case ZSTD -> "zstd-compressed tar";
      case NONE -> "tar";
    };
  }

  static Compression sniff(BufferedInputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return Compression.GZIP;
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /** Null for tar bookkeeping entries that are not files (PAX global headers). */
  private static LayerEntry convert(TarArchiveEntry entry) {
    if (entry.isGlobalPaxHeader()) {
      return null;
    }
    String path = normalise(entry.getName());
    if (path.isEmpty()) {
      path = ".";
    }
    int mode = entry.getMode() & 07777;
    var modified =
        entry.getLastModifiedTime() == null ? null : entry.getLastModifiedTime().toInstant();
    String name = path.substring(path.lastIndexOf('/') + 1);
    String parent = path.lastIndexOf('/') < 0 ? "" : path.substring(0, path.lastIndexOf('/'));
    if (name.equals(OPAQUE_WHITEOUT)) {
      return new LayerEntry(
          parent.isEmpty() ? "." : parent,
          LayerEntry.Kind.OPAQUE_WHITEOUT,
          0,
          mode,
          null,
          modified);
    }
    if (name.startsWith(WHITEOUT_PREFIX)) {
      String removed = name.substring(WHITEOUT_PREFIX.length());
      return new LayerEntry(
          parent.isEmpty() ? removed : parent + "/" + removed,
          LayerEntry.Kind.WHITEOUT,
          0,
          mode,
          null,
          modified);
    }
    if (entry.isSymbolicLink()) {
      return new LayerEntry(path, LayerEntry.Kind.SYMLINK, 0, mode, entry.getLinkName(), modified);
    }
    if (entry.isLink()) {
      return new LayerEntry(
          path, LayerEntry.Kind.HARDLINK, 0, mode, normalise(entry.getLinkName()), modified);
    }
    if (entry.isDirectory()) {
      return new LayerEntry(path, LayerEntry.Kind.DIRECTORY, 0, mode, null, modified);
    }
    if (entry.isFile()) {
      return new LayerEntry(path, LayerEntry.Kind.FILE, entry.getSize(), mode, null, modified);
    }
    return new LayerEntry(path, LayerEntry.Kind.OTHER, 0, mode, null, modified);
  }

  /**
   * Layer tars write {@code ./usr/bin}, {@code usr/bin/} or {@code /usr/bin}; all mean one path.
   */
  static String normalise(String name) {
    String path = name;
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.equals(".") ? "" : path;
  }

  /** Counts the compressed bytes consumed, so progress can be shown against the blob size. */
  private static final class CountingInputStream extends FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }
  }
}
