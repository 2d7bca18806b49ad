package dev.banata.vault.jdbc;

import dev.banata.vault.config.Identifier;
import dev.banata.vault.internal.sql.TableCatalog;
import dev.banata.vault.internal.sql.TableColumn;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TableCatalog} of one runtime: each name is first resolved on the connection that
 * analyses the statement, as the server resolves it ({@link ConnectionSearchPath}), then the
 * table's columns are read with {@code DatabaseMetaData} and cached per (schema, table) until DDL
 * run through the driver names the table ({@link SchemaChange}) or a result shows that the table
 * changed ({@link ResultShapeCheck}). It is only consulted when the plan cache analyses a statement
 * it has not seen. An unknown table is not cached, so a table created later is found; nor is a
 * temporary table, since a later session reuses the temporary schema's name.
 */
final class TableColumnsCache {

  private record TableKey(String schema, Identifier table) {}

  private final Map<TableKey, List<TableColumn>> tables = new ConcurrentHashMap<>();

  /**
   * Drops the entries {@code change} may have made stale (every schema's table of each name).
   *
   * @return whether an entry was dropped
   */
  boolean drop(SchemaChange change) {
    if (change.everyTable()) {
      boolean any = !tables.isEmpty();
      tables.clear();
      return any;
    }
    return tables.keySet().removeIf(key -> change.names().contains(key.table().name()));
  }

  /** A catalog that reads through {@code connection} every time, caching nothing (to check a plan against the tables as they are). */
  static TableCatalog uncached(VaultConnection connection) {
    return (schema, table) -> {
      try {
        ConnectionSearchPath.Location where = connection.locate(schema, table);
        return where == null ? List.of() : read(connection.delegate.getMetaData(), where.schema(), table.name());
      } catch (SQLException e) {
        throw new CatalogUnavailableException(e);
      }
    };
  }

  /** A catalog that resolves names on {@code connection} and reads through it on a cache miss. */
  TableCatalog over(VaultConnection connection) {
    return (schema, table) -> {
      try {
        ConnectionSearchPath.Location where = connection.locate(schema, table);
        if (where == null) {
          return List.of();
        }
        if (where.temporary()) {
          return read(connection.delegate.getMetaData(), where.schema(), table.name());
        }
        TableKey key = new TableKey(where.schema(), table);
        List<TableColumn> cached = tables.get(key);
        if (cached != null) {
          return cached;
        }
        List<TableColumn> columns = read(connection.delegate.getMetaData(), where.schema(), table.name());
        if (!columns.isEmpty()) {
          tables.putIfAbsent(key, columns);
        }
        return columns;
      } catch (SQLException e) {
        throw new CatalogUnavailableException(e);
      }
    };
  }

  private static List<TableColumn> read(DatabaseMetaData metaData, String schema, String table) throws SQLException {
    List<TableColumn> columns = new ArrayList<>();
    // Names are exact here (the analysis applied SQL case rules); escape LIKE wildcards in them.
    String escape = metaData.getSearchStringEscape();
    try (ResultSet rows = metaData.getColumns(null, schema == null ? null : escape(schema, escape), escape(table, escape), "%")) {
      while (rows.next()) {
        columns.add(new TableColumn(Identifier.exact(rows.getString("COLUMN_NAME")), rows.getString("TYPE_NAME")));
      }
    }
    return List.copyOf(columns);
  }

  private static String escape(String name, String escape) {
    if (escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
  }

  /** Carries a metadata failure out of {@link TableCatalog#columns}, which cannot throw checked exceptions. */
  static final class CatalogUnavailableException extends TableCatalog.Unavailable {
    private static final long serialVersionUID = 1L;

    CatalogUnavailableException(SQLException cause) {
      super("the table catalog could not be read", cause);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }
}
