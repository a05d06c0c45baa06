package dev.berth.metadata.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the space of deleted and overwritten rows back to the disk while the registry runs.
 *
 * <p>H2's file is a log of chunks: every commit appends the pages it changed, and a chunk whose
 * pages were all replaced is free for reuse. H2 reuses such space, but never moves live chunks
 * down to let the file shrink, so after a burst of writes or a large deletion the file kept its
 * peak size forever. H2 has no SQL statement for this while the database is open (only {@code
 * SHUTDOWN COMPACT}, which closes it), so this class calls the store's own compaction, in steps of
 * at most {@link #STEP}: commits wait for a running step, reads do not.
 *
 * <p>This reaches into H2's engine ({@code SessionLocal → Database → Store → MVStore}); H2 is
 * pinned in the build, and {@code FileCompactionTest} fails if that path changes.
 */
final class FileCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(FileCompactor.class);
  /** The longest a compaction step may hold up commits. */
  static final Duration STEP = Duration.ofMillis(50);
  /** Below this, compaction is not worth its writes. */
  private static final long MIN_FILE_BYTES = 4L << 20;
  /** Compact when live data fills less than this share of the file. */
  private static final int TARGET_FILL_PERCENT = 60;

  private final DataSource dataSource;
  private final int retentionMillis;

  FileCompactor(DataSource dataSource, int retentionMillis) {
    this.dataSource = dataSource;
    this.retentionMillis = retentionMillis;
  }

  /**
   * The file's size and how much of it holds live data: the share of the file that chunks occupy,
   * times the share of live pages in those chunks.
   */
  record Usage(long fileBytes, int livePercent) {
    boolean worthCompacting() {
      return fileBytes >= MIN_FILE_BYTES && livePercent < TARGET_FILL_PERCENT;
    }

    static Usage of(MVStore store) {
      FileStore<?> file = store.getFileStore();
      return new Usage(file.size(), store.getFillRate() * file.getChunksFillRate() / 100);
    }
  }

  Usage usage() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return Usage.of(store(c));
    }
  }

  /**
   * Runs compaction steps until the file is well filled or {@code maxSteps} were taken, pausing
   * between steps so that waiting commits go first. Returns the bytes given back.
   */
  long compact(int maxSteps, Duration pause, java.util.function.BooleanSupplier stop)
      throws SQLException, InterruptedException {
    try (Connection c = dataSource.getConnection()) {
      MVStore store = store(c);
      long before = store.getFileStore().size();
      for (int step = 0; step < maxSteps && !stop.getAsBoolean(); step++) {
        if (!Usage.of(store).worthCompacting()) {
          break;
        }
        try {
          store.compactFile((int) STEP.toMillis());
        } finally {
          // compactFile sets the retention time to 0 for good; chunks must stay findable for a
          // while after they were replaced (see H2MetadataStore.url).
          store.setRetentionTime(retentionMillis);
        }
        Thread.sleep(pause.toMillis());
      }
      long saved = before - store.getFileStore().size();
      if (saved > 0) {
        LOG.info("Compacted the metadata file: {} MiB given back, {} MiB now", saved >> 20,
            store.getFileStore().size() >> 20);
      }
      return saved;
    }
  }

  private static MVStore store(Connection c) throws SQLException {
    JdbcConnection h2 = c.unwrap(JdbcConnection.class);
    return ((SessionLocal) h2.getSession()).getDatabase().getStore().getMvStore();
  }
}
