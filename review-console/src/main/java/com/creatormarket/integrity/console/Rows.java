package com.creatormarket.integrity.console;

import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** Small portable SQL steps shared by the ingest and the desk (plain SQL that H2 and PostgreSQL both take). */
final class Rows {

  private Rows() {}

  static boolean exists(Handle h, String table, String keyColumn, Object key) {
    return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " = :k")
        .bind("k", key).mapTo(Long.class).one() > 0;
  }

  /** Inserts the row unless its key is there already: records of a topic read twice are one row. */
  static boolean insertIfAbsent(Handle h, String table, String keyColumn, Map<String, ?> row) {
    if (exists(h, table, keyColumn, row.get(keyColumn))) {
      return false;
    }
    insert(h, table, row);
    return true;
  }

  static void insert(Handle h, String table, Map<String, ?> row) {
    StringJoiner columns = new StringJoiner(", ");
    StringJoiner values = new StringJoiner(", ");
    row.keySet().forEach(c -> {
      columns.add(c);
      values.add(":" + c);
    });
    Update update = h.createUpdate("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")");
    row.forEach(update::bind);
    update.execute();
  }

  /** A row as column, value pairs, in order; values may be null. */
  static Map<String, Object> row(Object... columnsAndValues) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
    }
    return row;
  }

  static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
