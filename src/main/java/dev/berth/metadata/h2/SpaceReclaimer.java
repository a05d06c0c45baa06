package dev.berth.metadata.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the space of many deleted rows back to the disk while the registry serves, after a garbage
 * collection.
 *
 * <p>A collection's batches each append a chunk to H2's file, and the chunks they empty are reused
 * only once wholly free. H2's background housekeeping rewrites a little at a time and stops while
 * the store is idle, so a large collection could end with the file larger than before it and many
 * times its live data until the next start-up compaction ({@link FileCompactor}). Here the step
 * H2's housekeeping takes is repeated until the file is dense: rewrite the live pages of sparse
 * chunks into new chunks, which go to the free space at the front; the emptied chunks at the end
 * are then cut off when H2 next writes (it truncates whenever it can). Each step holds H2's store
 * lock for one bounded piece of work, so requests wait milliseconds, not seconds.
 *
 * <p>Not {@code MVStore.compactFile}, which drops the retention time to zero for good, nor {@code
 * compactMoveChunks}: under concurrent pushes both failed an assertion in H2's free-space map
 * (GcConcurrencyTest), which makes H2 close the database.
 */
final class SpaceReclaimer {
  private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);

  /** Bytes rewritten per step: small enough that a step takes milliseconds. */
  private static final int STEP_BYTES = 4 << 20;

  /**
   * Below this the file is left as it is while serving: a few MiB are not worth the collection's
   * time, and the start-up compaction takes them back.
   */
  static final long MIN_FILE_BYTES = 8L << 20;

  /** Chunks with less live data than this are rewritten. */
  private static final int TARGET_FILL_PERCENT = 90;

  private final DataSource database;
  private final Duration retention;

  SpaceReclaimer(DataSource database, Duration retention) {
    this.database = database;
    this.retention = retention;
  }

  /**
   * Compacts until the file is dense or {@code budget} is spent, and returns its usage after. Does
   * nothing for a file below {@link #MIN_FILE_BYTES} or with enough live data: those are left to
   * H2's housekeeping and the start-up compaction. Emptied chunks become reusable only after the
   * retention time, so each round first waits it out.
   */
  FileCompactor.Usage reclaim(Duration budget) throws SQLException, InterruptedException {
    FileCompactor.Usage before = FileCompactor.usage(database);
    if (!worthReclaiming(before)) {
      return before;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    FileCompactor.Usage now = before;
    try (Connection c = database.getConnection()) {
      MVStore store = mvStore(c);
      while (worthReclaiming(now) && System.nanoTime() < deadline) {
        Thread.sleep(retention.toMillis() + 50);
        boolean rewrote = store.compact(TARGET_FILL_PERCENT, STEP_BYTES);
        store.commit();
        now = FileCompactor.usage(database);
        if (!rewrote) {
          break;
        }
      }
    }
    LOG.info(
        "Gave metadata file space back after a collection: {} KiB ({} % live) -> {} KiB ({} % live)",
        before.fileBytes() >> 10, before.livePercent(), now.fileBytes() >> 10, now.livePercent());
    return now;
  }

  private static boolean worthReclaiming(FileCompactor.Usage usage) {
    return usage.worthCompacting(MIN_FILE_BYTES);
  }

  private static MVStore mvStore(Connection c) throws SQLException {
    SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
    return session.getDatabase().getStore().getMvStore();
  }
}
