package dev.berth.metadata.h2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.BlobMetadata;
import dev.berth.metadata.BrowseMetadata;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.IntegrityMetadata;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.MetadataException;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.OutboxMetadata;
import dev.berth.metadata.ProxyMetadata;
import dev.berth.metadata.RepositoryMetadata;
import dev.berth.metadata.UploadMetadata;
import dev.berth.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * Metadata in an embedded H2 database file ({@code <dir>/registry.mv.db}), its schema brought up to
 * date by the Flyway migrations in {@code db/migration} when it opens.
 */
public final class H2MetadataStore implements MetadataStore {
  private static final int MAX_CONNECTIONS = 32;
  private static final int RETENTION_MILLIS = 500;

  private final ReopeningDatabase database;
  private final String url;
  private final GroupCommit durability;
  private final RepositoryMetadata repositories;
  private final BlobMetadata blobs;
  private final ManifestMetadata manifests;
  private final UploadMetadata uploads;
  private final BrowseMetadata browse;
  private final GcMetadata gc;
  private final UserStore users;
  private final IntegrityMetadata integrity;
  private final ProxyMetadata proxy;
  private final OutboxMetadata outbox;

  private H2MetadataStore(ReopeningDatabase database, String url, ObjectMapper json, Clock clock) {
    this.database = database;
    this.url = url;
    this.durability = new GroupCommit(database);
    Jdbc jdbc = new Jdbc(database, durability);
    this.repositories = new H2RepositoryMetadata(jdbc);
    this.blobs = new H2BlobMetadata(jdbc, clock);
    this.manifests = new H2ManifestMetadata(jdbc, json, clock);
    this.uploads = new H2UploadMetadata(jdbc);
    this.browse = new H2BrowseMetadata(jdbc);
    this.gc =
        new H2GcMetadata(
            jdbc, clock, new SpaceReclaimer(database, Duration.ofMillis(RETENTION_MILLIS)));
    this.users = new H2UserStore(jdbc);
    this.integrity = new H2IntegrityMetadata(jdbc);
    this.proxy = new H2ProxyMetadata(jdbc);
    this.outbox = new H2OutboxMetadata(jdbc);
  }

  /** Opens (creating if needed) and migrates the database in {@code directory}. */
  public static H2MetadataStore open(Path directory, ObjectMapper json, Clock clock) {
    OwnerOnlyFilePath.register();
    String url = url(directory);
    ReopeningDatabase database = new ReopeningDatabase(url, MAX_CONNECTIONS);
    try {
      Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
      if (FileCompactor.compactIfWorthIt(database, url)) {
        database.close();
        database = new ReopeningDatabase(url, MAX_CONNECTIONS);
      }
      // The schema must be on disk before anything built on it is acknowledged: without this, a
      // crash (or a failed write that makes H2 close) within half a second of creating a data
      // folder came back to an empty database.
      syncNow(database);
      return new H2MetadataStore(database, url, json, clock);
    } catch (SQLException e) {
      database.close();
      throw new MetadataException("could not open the metadata database: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static void syncNow(ReopeningDatabase database) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    }
  }

  /**
   * The database URL. Durability does not come from a setting: no H2 setting fsyncs commits, so
   * {@link GroupCommit} does (and {@code WRITE_DELAY} stays at its default, which lets H2 write
   * several commits in one chunk). Each part:
   *
   * <ul>
   *   <li>{@code owneronly:} files created {@code 0600} ({@link OwnerOnlyFilePath});
   *   <li>{@code retry:} H2's own guard against {@code Thread.interrupt()}: an interrupt that
   *       reaches a thread inside H2's file IO otherwise closes the file channel and with it the
   *       database for every connection (h2database #1076). Berth never interrupts such threads on
   *       purpose; this catches what a library might do;
   *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: we close the database ourselves, after the HTTP server
   *       has drained, instead of H2's shutdown hook racing in-flight requests;
   *   <li>{@code LOCK_TIMEOUT}: pushes and garbage collection wait for each other's row locks
   *       (briefly);
   *   <li>{@code TRACE_LEVEL_FILE=4}: H2's diagnostics go to our log (SLF4J), not to a {@code
   *       registry.trace.db} beside the database;
   *   <li>{@code MAX_COMPACT_TIME}: a clean close may spend up to 2 s compacting the file, so that
   *       space freed by deletions and garbage collection is given back to the disk;
   *   <li>{@code RETENTION_TIME}: how long a replaced chunk stays untouched before its space is
   *       reused. H2's default of 45 s is meant for file systems that may write buffers out of
   *       order for that long; {@link GroupCommit} fsyncs at least every {@link
   *       GroupCommit#IDLE_SYNC}, so half a second is ample. Space is reused only after it, so it
   *       bounds how far the file grows beyond its live data under heavy writing: with 45 s, 32
   *       clients pushing manifests grew it by about 60 MiB a minute for the whole run; with 1 s, 8
   *       clients left about 50 MiB above a few MiB of live data.
   * </ul>
   *
   * <p>Not {@code REUSE_SPACE=FALSE} (used before): it makes the file only ever grow, and is the
   * least exercised path of H2's storage.
   */
  static String url(Path directory) {
    return "jdbc:h2:"
        + OwnerOnlyFilePath.SCHEME
        + ":retry:"
        + directory.resolve("registry").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=4;MAX_COMPACT_TIME=2000"
        + ";RETENTION_TIME="
        + RETENTION_MILLIS;
  }

  @Override
  public OutboxMetadata outbox() {
    return outbox;
  }

  @Override
  public RepositoryMetadata repositories() {
    return repositories;
  }

  @Override
  public BlobMetadata blobs() {
    return blobs;
  }

  @Override
  public ManifestMetadata manifests() {
    return manifests;
  }

  @Override
  public UploadMetadata uploads() {
    return uploads;
  }

  @Override
  public ProxyMetadata proxy() {
    return proxy;
  }

  @Override
  public GcMetadata gc() {
    return gc;
  }

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public BrowseMetadata browse() {
    return browse;
  }

  @Override
  public IntegrityMetadata integrity() {
    return integrity;
  }

  @Override
  public void onReset(Runnable listener) {
    database.onReopen(listener);
  }

  @Override
  public void close() {
    durability.close();
    // A connection of its own, not the pool's: a pooled connection rolls back when it is handed
    // back, which fails (and is logged) once the database has shut down.
    try (Connection c = DriverManager.getConnection(url, "berth", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already closed or never fully opened; disposing the pool below is all that is left.
    } finally {
      database.close();
    }
  }
}
