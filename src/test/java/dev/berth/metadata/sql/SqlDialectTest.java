package dev.berth.metadata.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each dialect's statements run on their database (H2, and a real PostgreSQL 15 started by the
 * test), and the shared statements run unchanged on both: the promise that lets a PostgreSQL store
 * be an adapter rather than a rewrite.
 */
class SqlDialectTest {
  private static final List<String> KEYS = List.of("repository_id", "name");
  private static final List<String> VALUES = List.of("manifest_digest", "updated_at");

  @TempDir static Path folder;
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start(folder);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static Connection connect(SqlDialect dialect, String h2Name) throws SQLException {
    return dialect == SqlDialect.H2
        ? DriverManager.getConnection("jdbc:h2:" + folder.resolve(h2Name) + ";LOCK_TIMEOUT=10000")
        : postgres.connect();
  }

  private static void createTags(Connection c) throws SQLException {
    execute(c, "DROP TABLE IF EXISTS tags");
    execute(
        c,
        "CREATE TABLE tags (repository_id BIGINT NOT NULL, name VARCHAR(128) NOT NULL,"
            + " manifest_digest VARCHAR(100) NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " PRIMARY KEY (repository_id, name))");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void upsert_insertsThenUpdatesByKey(SqlDialect dialect) throws SQLException {
    try (Connection c = connect(dialect, "sequential")) {
      createTags(c);
      String upsert = dialect.upsert("tags", KEYS, VALUES);

      tag(c, upsert, 1, "latest", "sha256:aa", 10);
      tag(c, upsert, 1, "latest", "sha256:bb", 20);
      tag(c, upsert, 2, "latest", "sha256:cc", 30);

      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT repository_id, manifest_digest, updated_at FROM tags ORDER BY 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("sha256:bb");
        assertThat(rs.getObject(3, OffsetDateTime.class).toEpochSecond()).isEqualTo(20);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(2)).isEqualTo("sha256:cc");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  /**
   * Eight writers set the same new tags at the same moment, each in its own transaction: none
   * fails. The standard MERGE, which both databases parse, fails this (duplicate key).
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void upsert_ofTheSameNewKeyByConcurrentTransactions_neverFails(SqlDialect dialect)
      throws Exception {
    try (Connection setup = connect(dialect, "concurrent")) {
      createTags(setup);
    }
    String upsert = dialect.upsert("tags", KEYS, VALUES);
    int writers = 8;
    int tags = 40;
    CyclicBarrier together = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  try (Connection c = connect(dialect, "concurrent")) {
                    c.setAutoCommit(false);
                    for (int t = 0; t < tags; t++) {
                      together.await(30, TimeUnit.SECONDS); // a failed writer breaks it
                      tag(c, upsert, 1, "t" + t, "sha256:" + writer, t);
                      c.commit();
                    }
                  }
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    try (Connection c = connect(dialect, "concurrent");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tags")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(tags);
    }
  }

  static Stream<SqlDialect> databases() {
    return Stream.of(SqlDialect.values());
  }

  /** The browse query's tag list: the same SQL on both. */
  @ParameterizedTest
  @MethodSource("databases")
  void stringAgg_joinsInOrder_onBoth(SqlDialect dialect) throws SQLException {
    try (Connection c = connect(dialect, "shared")) {
      execute(c, "DROP TABLE IF EXISTS names");
      execute(c, "CREATE TABLE names (k BIGINT NOT NULL, name VARCHAR(128) NOT NULL)");
      execute(c, "INSERT INTO names VALUES (1, 'v2'), (1, 'latest'), (1, 'a'), (2, 'other')");

      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT STRING_AGG(t.name, ',' ORDER BY t.name) FROM names t WHERE t.k ="
                      + " n.k) FROM names n WHERE n.name = 'a'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("a,latest,v2");
      }
    }
  }

  private static void tag(
      Connection c, String upsert, long repository, String name, String digest, long epochSecond)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(upsert)) {
      s.setLong(1, repository);
      s.setString(2, name);
      s.setString(3, digest);
      s.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
