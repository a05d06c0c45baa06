package dev.berth.metadata.h2;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.LoggerFactory;

/**
 * The H2 database as a pool of connections that survives H2 closing itself.
 *
 * <p>When a write to the file fails (a full disk, an IO error), H2 "panics": it closes the
 * database, and every later statement on any connection fails with "The database has been closed"
 * until the process restarts. Here the first such failure marks the database broken; the next
 * request for a connection (at most once every {@link #RETRY_EVERY}) opens it afresh, which
 * recovers the file to its last durable state. Nothing acknowledged is lost by that: every
 * acknowledged change was synced ({@link GroupCommit}); what a reopen can drop are commits whose
 * sync failed, and their requests were answered with an error.
 */
final class ReopeningDatabase implements DataSource, AutoCloseable {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ReopeningDatabase.class);
  static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  private final String url;
  private final int maxConnections;
  private final List<Runnable> reopenListeners = new CopyOnWriteArrayList<>();
  private volatile JdbcConnectionPool pool;
  private volatile boolean broken;
  // Why the database closed: the cause of the refusals until it is open again, so that a client
  // whose request meets a database closed by a full disk hears that the disk is full.
  private volatile SQLException breakCause;
  private long lastAttemptNanos;
  private boolean closed;

  ReopeningDatabase(String url, int maxConnections) {
    this.url = url;
    this.maxConnections = maxConnections;
    this.pool = open();
  }

  private JdbcConnectionPool open() {
    JdbcConnectionPool created = JdbcConnectionPool.create(url, "berth", "");
    created.setMaxConnections(maxConnections);
    return created;
  }

  /** Runs after every reopen, for caches that may hold changes the reopen dropped. */
  void onReopen(Runnable listener) {
    reopenListeners.add(listener);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (broken) {
      reopen();
    }
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      noteFailure(e);
      throw e;
    }
  }

  /** Call with every failure of a statement: a closed database is then reopened. */
  void noteFailure(SQLException e) {
    if (isDatabaseGone(e) && !broken && !(e instanceof StillReopening)) {
      breakCause = e;
      broken = true;
      LOG.error(
          "The metadata database closed itself after a failed write ({}); reopening it",
          rootMessage(e));
    }
  }

  private synchronized void reopen() throws SQLException {
    if (!broken || closed) {
      return;
    }
    long now = System.nanoTime();
    if (lastAttemptNanos != 0 && now - lastAttemptNanos < RETRY_EVERY.toNanos()) {
      throw new StillReopening(breakCause);
    }
    lastAttemptNanos = now;
    JdbcConnectionPool old = pool;
    old.dispose();
    JdbcConnectionPool fresh = open();
    try (Connection probe = fresh.getConnection()) {
      probe.isValid(5);
    } catch (SQLException e) {
      fresh.dispose();
      LOG.warn("The metadata database could not be reopened yet: {}", rootMessage(e));
      throw new StillReopening(e);
    }
    pool = fresh;
    breakCause = null;
    broken = false;
    LOG.info("The metadata database is open again");
    reopenListeners.forEach(Runnable::run);
  }

  /** A connection refused while the database waits for its next reopen attempt. */
  static final class StillReopening extends SQLException {
    private static final long serialVersionUID = 1L;

    StillReopening(SQLException breakCause) {
      super(
          "the metadata database is being reopened after a failed write; try again shortly",
          "08003",
          ErrorCode.DATABASE_IS_CLOSED,
          breakCause);
    }
  }

  /**
   * Whether H2 closed the database: "database closed", an IO failure of the store, or a general
   * error wrapping the store's panic.
   */
  static boolean isDatabaseGone(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        int code = sql.getErrorCode();
        if (code == ErrorCode.DATABASE_IS_CLOSED
            || code == ErrorCode.IO_EXCEPTION_1
            || code == ErrorCode.IO_EXCEPTION_2
            || code == ErrorCode.FILE_CORRUPTED_1
            || (code == ErrorCode.GENERAL_ERROR_1
                && sql.getCause() instanceof org.h2.mvstore.MVStoreException)) {
          return true;
        }
      }
    }
    // Lock timeouts and the like also carry an MVStoreException, but leave the database open.
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public synchronized void close() {
    closed = true;
    pool.dispose();
  }

  // The rest of DataSource, as H2's pool has it (Flyway asks for some of these).

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the metadata database has one user");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Logging goes through SLF4J.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
