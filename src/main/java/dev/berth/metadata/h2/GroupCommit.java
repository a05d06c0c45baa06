package dev.berth.metadata.h2;

import dev.berth.metadata.MetadataException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes committed transactions durable, many at a time.
 *
 * <p>H2 keeps a commit in memory and writes it to its file in the background within its write
 * delay, so an acknowledgement sent right after {@code COMMIT} can be lost to a crash (seen: a
 * SIGKILL lost every change of the last half second). {@code CHECKPOINT SYNC} writes all committed
 * changes and fsyncs the file, but costs an fsync (a few milliseconds here). So every writer, after
 * its commit, takes a ticket and waits until a sync that <em>started after</em> the ticket was
 * taken has finished; one thread runs those syncs back to back, and each covers every ticket taken
 * before it began. With 32 concurrent writers one fsync covers many commits, and a lone writer
 * waits for one fsync.
 *
 * <p>A sync starts at most every {@link #MIN_SYNC_INTERVAL}. Each one writes every page changed
 * since the last one, and the inner pages of a B-tree change with almost every commit: with syncs
 * back to back, each covering the few commits made during the one before, 32 writers kept a thread
 * serialising the same pages hundreds of times a second. Pacing them lets each sync cover more
 * commits; it caps one lone writer at a few hundred durable commits a second, about what its fsyncs
 * allow anyway.
 *
 * <p>When no writer waits, the thread still syncs every {@link #IDLE_SYNC}: H2 writes some changes
 * by itself (statistics committed without waiting, its own housekeeping), and it may reuse the
 * space of a replaced chunk once the retention time has passed. Syncing well within that time keeps
 * the file's last durable state intact until its replacement is on disk.
 *
 * <p>The syncing thread is ours alone and never interrupted: an interrupt that reaches a thread
 * inside H2's file IO closes the whole database (h2database #1076).
 */
final class GroupCommit implements AutoCloseable {
  static final Duration IDLE_SYNC = Duration.ofMillis(100);

  /**
   * With 32 writers, 0.66 of the non-durable build's push rate without the pause and 0.81 with it,
   * in one interleaved series (bench/RESULTS.md, issue 10); longer pauses made writers wait.
   */
  static final Duration MIN_SYNC_INTERVAL = Duration.ofMillis(3);

  private final ReopeningDatabase database;

  /** Used by the syncing thread only; replaced after a failure. */
  private Connection connection;

  private final Thread syncer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition done = lock.newCondition();

  /** Guarded by {@link #lock}. */
  private long requested;

  /**
   * Tickets up to here have had their sync: successful through {@link #durable}, failed above it.
   */
  private long handled;

  private long durable;
  private RuntimeException failure;
  private boolean closed;

  GroupCommit(ReopeningDatabase database) {
    this.database = database;
    this.syncer = new Thread(this::syncLoop, "berth-group-commit");
    syncer.setDaemon(true);
    syncer.start();
  }

  /**
   * Returns once everything this thread committed before the call is on stable storage.
   *
   * @throws MetadataException if the sync failed; the commit may then be lost in a crash
   */
  void awaitDurable() {
    lock.lock();
    try {
      if (closed) {
        throw new MetadataException("the database is closing", null);
      }
      long ticket = ++requested;
      work.signal();
      boolean interrupted = false;
      while (handled < ticket && !closed) {
        try {
          done.await();
        } catch (InterruptedException e) {
          // Keep waiting: the answer to this request depends on the sync. The flag is restored.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (durable < ticket) {
        if (handled < ticket) {
          throw new MetadataException("the database closed before the change was on disk", null);
        }
        String message = "writing the change to disk failed: " + failure.getMessage();
        // The database is being reopened: the client may simply try again in a moment.
        throw failure instanceof MetadataException m && m.temporary()
            ? MetadataException.temporarilyUnavailable(message, failure)
            : new MetadataException(message, failure);
      }
    } finally {
      lock.unlock();
    }
  }

  private void syncLoop() {
    long lastStart = System.nanoTime() - MIN_SYNC_INTERVAL.toNanos();
    while (true) {
      long target;
      long sinceLast = System.nanoTime() - lastStart;
      if (sinceLast < MIN_SYNC_INTERVAL.toNanos()) {
        LockSupport.parkNanos(MIN_SYNC_INTERVAL.toNanos() - sinceLast);
      }
      lock.lock();
      try {
        long waitNanos = IDLE_SYNC.toNanos();
        while (requested == handled && !closed && waitNanos > 0) {
          try {
            waitNanos = work.awaitNanos(waitNanos);
          } catch (InterruptedException e) {
            // Nobody interrupts this thread on purpose; carry on syncing.
          }
        }
        if (closed) {
          return;
        }
        target = requested;
      } finally {
        lock.unlock();
      }
      lastStart = System.nanoTime();
      RuntimeException error = sync();
      lock.lock();
      try {
        if (error == null) {
          durable = target;
        } else {
          failure = error;
        }
        handled = target;
        done.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private RuntimeException sync() {
    try {
      if (connection == null) {
        connection = database.getConnection();
      }
      try (Statement s = connection.createStatement()) {
        s.execute("CHECKPOINT SYNC");
      }
      return null;
    } catch (ReopeningDatabase.StillReopening e) {
      return MetadataException.temporarilyUnavailable(e.getMessage(), e);
    } catch (SQLException e) {
      database.noteFailure(e);
      closeConnection(); // the next sync takes a fresh one, from a reopened database if need be
      return new MetadataException(e.getMessage(), e);
    } catch (RuntimeException e) {
      closeConnection();
      return new MetadataException(e.getMessage(), e);
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Broken already; dropping it is all that matters.
      }
      connection = null;
    }
  }

  /** Stops syncing; writers still waiting get an error. Call before the database shuts down. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
      done.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      syncer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
