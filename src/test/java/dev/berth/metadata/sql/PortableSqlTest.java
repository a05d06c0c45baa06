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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statements the metadata adapters share run unchanged on H2 and on a real PostgreSQL: the
 * promise that lets a PostgreSQL store be an adapter rather than a rewrite.
 */
class PortableSqlTest {
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

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static Connection connect(String database) throws SQLException {
    return database.equals("h2")
        ? DriverManager.getConnection("jdbc:h2:mem:portable-" + System.nanoTime())
        : postgres.connect();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void upsert_insertsThenUpdatesByKey(String database) throws SQLException {
    try (Connection c = connect(database)) {
      execute(c, "DROP TABLE IF EXISTS tags");
      execute(
          c,
          "CREATE TABLE tags (repository_id BIGINT NOT NULL, name VARCHAR(128) NOT NULL,"
              + " manifest_digest VARCHAR(100) NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " PRIMARY KEY (repository_id, name))");
      String upsert =
          PortableSql.upsert(
              "tags", List.of("repository_id", "name"), List.of("manifest_digest", "updated_at"));

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

  @ParameterizedTest
  @MethodSource("databases")
  void stringAgg_joinsInOrder(String database) throws SQLException {
    try (Connection c = connect(database)) {
      execute(c, "DROP TABLE IF EXISTS names");
      execute(c, "CREATE TABLE names (k BIGINT NOT NULL, name VARCHAR(128) NOT NULL)");
      execute(c, "INSERT INTO names VALUES (1, 'v2'), (1, 'latest'), (1, 'a'), (2, 'other')");

      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT STRING_AGG(t.name, ',' ORDER BY t.name) FROM names t WHERE t.k = n.k) FROM names n"
                      + " WHERE n.name = 'a'")) {
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
