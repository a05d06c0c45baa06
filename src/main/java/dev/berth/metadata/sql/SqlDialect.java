package dev.berth.metadata.sql;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statements where H2 and PostgreSQL need different SQL. Everything else the metadata adapters
 * run is written in the subset both accept ({@code STRING_AGG}, standard joins and paging), so a
 * PostgreSQL store can reuse them with its dialect here.
 *
 * <p>Why not the standard {@code MERGE} that both parse: under concurrency it is not an atomic
 * upsert. Two transactions that both find no row both insert, and one fails on the primary key
 * (seen here: 32 clients pushing to shared tags got 500s from exactly that). H2's {@code MERGE …
 * KEY} and PostgreSQL's {@code INSERT … ON CONFLICT … DO UPDATE} are atomic.
 */
public enum SqlDialect {
  H2 {
    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
      return "MERGE INTO "
          + table
          + " ("
          + String.join(", ", columns(keyColumns, valueColumns))
          + ") KEY ("
          + String.join(", ", keyColumns)
          + ") VALUES ("
          + placeholders(keyColumns, valueColumns)
          + ")";
    }
  },

  POSTGRESQL {
    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
      return "INSERT INTO "
          + table
          + " ("
          + String.join(", ", columns(keyColumns, valueColumns))
          + ") VALUES ("
          + placeholders(keyColumns, valueColumns)
          + ") ON CONFLICT ("
          + String.join(", ", keyColumns)
          + ") DO UPDATE SET "
          + valueColumns.stream()
              .map(c -> c + " = EXCLUDED." + c)
              .collect(Collectors.joining(", "));
    }
  };

  /**
   * An insert-or-update of one row by its key, atomic against concurrent writers of the same key.
   * Its parameters are the key columns, then the value columns, in the order given.
   */
  public abstract String upsert(String table, List<String> keyColumns, List<String> valueColumns);

  private static List<String> columns(List<String> keyColumns, List<String> valueColumns) {
    return Stream.concat(keyColumns.stream(), valueColumns.stream()).toList();
  }

  private static String placeholders(List<String> keyColumns, List<String> valueColumns) {
    return columns(keyColumns, valueColumns).stream()
        .map(c -> "?")
        .collect(Collectors.joining(", "));
  }
}
