package dev.berth.metadata.sql;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * SQL that H2 and PostgreSQL (15 and later) both run as written, for the few statements where each
 * database has a shorter dialect of its own ({@code MERGE … KEY} in H2, {@code INSERT … ON
 * CONFLICT} in PostgreSQL, which H2 does not parse with a conflict target). Keeping the metadata
 * adapters to this common subset is what lets a PostgreSQL store reuse their statements instead of
 * rewriting them.
 */
public final class PortableSql {
  private PortableSql() {}

  /**
   * An insert-or-update of one row by its key, as a standard {@code MERGE}. Its parameters are the
   * key columns, then the value columns, in the order given.
   */
  public static String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
    List<String> all = Stream.concat(keyColumns.stream(), valueColumns.stream()).toList();
    String placeholders = all.stream().map(c -> "?").collect(Collectors.joining(", "));
    String matches =
        keyColumns.stream().map(c -> "t." + c + " = n." + c).collect(Collectors.joining(" AND "));
    String updates =
        valueColumns.stream().map(c -> c + " = n." + c).collect(Collectors.joining(", "));
    String columns = String.join(", ", all);
    String newValues = all.stream().map(c -> "n." + c).collect(Collectors.joining(", "));
    return "MERGE INTO "
        + table
        + " t USING (VALUES ("
        + placeholders
        + ")) AS n("
        + columns
        + ") ON "
        + matches
        + " WHEN MATCHED THEN UPDATE SET "
        + updates
        + " WHEN NOT MATCHED THEN INSERT ("
        + columns
        + ") VALUES ("
        + newValues
        + ")";
  }
}
