package dev.berth.metadata.h2;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the space of deleted and overwritten rows back to the disk when the database opens.
 *
 * <p>H2's file is a log of chunks: every commit appends the pages it changed, and space that no
 * live page uses any more is reused by later commits, but the file never shrinks while it is open.
 * After a burst of writes or a large garbage collection it kept its peak size. {@code SHUTDOWN
 * COMPACT} rewrites just the live pages into a new file; it needs the database to itself, so it
 * runs at start-up, before anything is served, and only when live data fills too little of the
 * file; it takes tens of milliseconds for a few MiB of live data. Compaction while serving was
 * tried (MVStore.compactFile) and panicked H2 in a concurrency test: an assertion in its free-space
 * map, with the database closed for everyone.
 */
final class FileCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(FileCompactor.class);

  /** Below this, compaction is not worth the start-up time (a 7 MiB file compacts in ~70 ms). */
  static final long MIN_FILE_BYTES = 1L << 20;

  /** Compact when live data fills less than this share of the file. */
  static final int TARGET_LIVE_PERCENT = 50;

  private FileCompactor() {}

  /**
   * The file's size and how much of it holds live data: the share of the file that chunks occupy,
   * times the share of live pages in those chunks.
   */
  record Usage(long fileBytes, int livePercent) {
    boolean worthCompacting() {
      return worthCompacting(MIN_FILE_BYTES);
    }

    /** A file of at least {@code minFileBytes} with less than {@link #TARGET_LIVE_PERCENT} live. */
    boolean worthCompacting(long minFileBytes) {
      return fileBytes >= minFileBytes && livePercent < TARGET_LIVE_PERCENT;
    }
  }

  static Usage usage(DataSource database) throws SQLException {
    Map<String, String> info = new HashMap<>();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
      while (rs.next()) {
        info.put(rs.getString(1), rs.getString(2));
      }
    }
    long size = Long.parseLong(info.getOrDefault("info.FILE_SIZE", "0"));
    int fill = Integer.parseInt(info.getOrDefault("info.FILL_RATE", "100"));
    int chunks = Integer.parseInt(info.getOrDefault("info.CHUNKS_FILL_RATE", "100"));
    return new Usage(size, fill * chunks / 100);
  }

  /**
   * Compacts the database at {@code url} if that is worth it. Nothing else may use the database
   * meanwhile: it is closed afterwards either way and must be opened again.
   *
   * @return whether it compacted
   */
  static boolean compactIfWorthIt(DataSource database, String url) throws SQLException {
    Usage before = usage(database);
    if (!before.worthCompacting()) {
      return false;
    }
    long started = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, "berth", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    }
    LOG.info(
        "Compacted the metadata file from {} MiB ({} % live) in {} ms",
        before.fileBytes() >> 20, before.livePercent(), (System.nanoTime() - started) / 1_000_000);
    return true;
  }
}
