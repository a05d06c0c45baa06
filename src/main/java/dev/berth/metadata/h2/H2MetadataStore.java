package dev.berth.metadata.h2;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.metadata.BlobMetadata;
import dev.berth.metadata.BrowseMetadata;
import dev.berth.metadata.GcMetadata;
import dev.berth.metadata.ManifestMetadata;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.RepositoryMetadata;
import dev.berth.metadata.UploadMetadata;
import dev.berth.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Metadata in an embedded H2 database file ({@code <dir>/registry.mv.db}), its schema brought up
 * to date by the Flyway migrations in {@code db/migration} when it opens.
 */
public final class H2MetadataStore implements MetadataStore {
  private static final int MAX_CONNECTIONS = 32;
  /**
   * Tags kept in memory for listings, of repositories with up to 10,000 tags: about 15 MB for
   * names of ten characters, 40 MB if every name had the maximum 128.
   */
  private static final int TAGS_CACHED = 200_000;
  private static final int TAGS_PER_CACHED_LIST = 10_000;

  private final JdbcConnectionPool pool;
  private final RepositoryMetadata repositories;
  private final BlobMetadata blobs;
  private final ManifestMetadata manifests;
  private final UploadMetadata uploads;
  private final BrowseMetadata browse;
  private final GcMetadata gc;
  private final UserStore users;

  private H2MetadataStore(JdbcConnectionPool pool, ObjectMapper json) {
    this.pool = pool;
    Jdbc jdbc = new Jdbc(pool);
    TagListCache tagLists = new TagListCache(TAGS_CACHED, TAGS_PER_CACHED_LIST);
    this.repositories = new H2RepositoryMetadata(jdbc, tagLists);
    this.blobs = new H2BlobMetadata(jdbc);
    this.manifests = new H2ManifestMetadata(jdbc, json, tagLists);
    this.uploads = new H2UploadMetadata(jdbc);
    this.browse = new H2BrowseMetadata(jdbc);
    this.gc = new H2GcMetadata(jdbc);
    this.users = new H2UserStore(jdbc);
  }

  /** Opens (creating if needed) and migrates the database in {@code directory}. */
  public static H2MetadataStore open(Path directory, ObjectMapper json) {
    // DB_CLOSE_ON_EXIT=FALSE: we close the database ourselves, after the HTTP server has drained,
    // instead of H2's shutdown hook racing in-flight requests.
    // REUSE_SPACE=FALSE: H2 writes committed changes in the background within its write delay
    // (500 ms), but when it writes them into space freed inside the file, a killed process can come
    // back without them, even seconds later (seen after a clean shutdown and reopen). Appending
    // keeps every written commit findable; H2 still compacts the file.
    // LOCK_TIMEOUT: pushes and garbage collection wait for each other's row locks (briefly).
    String url = "jdbc:h2:file:" + directory.resolve("registry").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE=FALSE;LOCK_TIMEOUT=10000";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "berth", "");
    pool.setMaxConnections(MAX_CONNECTIONS);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
      return new H2MetadataStore(pool, json);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
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
  public void close() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already closed or never fully opened; disposing the pool below is all that is left.
    } finally {
      pool.dispose();
    }
  }
}
