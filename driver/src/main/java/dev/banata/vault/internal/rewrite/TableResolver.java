package dev.banata.vault.internal.rewrite;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.VaultConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the configuration against the database before any job touches a row: every configured
 * table exists (in the connection's search path), has a usable single-column key, and every
 * encrypted column exists and can hold an envelope ({@code text}, unlimited {@code varchar}, or
 * {@code bytea}). A mismatch is a {@link RewriteFailure.Reason#CONFIG} failure naming the table, column and
 * where it was declared.
 */
public final class TableResolver {

  private static final String COLUMNS_SQL = """
      SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typname
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped""";

  private static final String PRIMARY_KEY_SQL = """
      SELECT a.attname
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
       WHERE i.indrelid = to_regclass(?) AND i.indisprimary""";

  private static final String KIND_SQL = "SELECT relkind FROM pg_class WHERE oid = to_regclass(?)";

  private final Connection connection;

  public TableResolver(Connection connection) {
    this.connection = connection;
  }

  /** Resolves every configured table, or only those named in {@code only} (empty: all). */
  public List<TableTarget> resolve(VaultConfig config, List<String> only) {
    List<TableTarget> targets = new ArrayList<>();
    List<Identifier> wanted = only.stream().map(Identifier::of).toList();
    for (Identifier name : wanted) {
      if (config.table(name).isEmpty()) {
        throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "--table " + name + " is not a table with encrypted columns in the configuration");
      }
    }
    for (EncryptedTableSpec table : config.tables()) {
      if ((wanted.isEmpty() || wanted.contains(table.name())) && !table.columns().isEmpty()) {
        targets.add(resolve(table));
      }
    }
    return targets;
  }

  public TableTarget resolve(EncryptedTableSpec table) {
    String origin = table.encryptedColumns().iterator().next().origin();
    Map<String, String[]> columns = columnsOf(table.name());
    if (columns.isEmpty()) {
      throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "table " + table.name() + " (" + origin + ") does not exist in the database's search path");
    }
    requireTable(table.name(), origin);
    Identifier key = table.primaryKey().orElseGet(() -> primaryKeyOf(table.name(), origin));
    String[] keyType = columns.get(key.name());
    if (keyType == null) {
      throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "primary key column " + key + " of table " + table.name() + " (" + origin + ") does not exist");
    }
    List<ColumnTarget> targets = new ArrayList<>();
    for (EncryptedColumn column : table.encryptedColumns()) {
      String[] type = columns.get(column.column().name());
      if (type == null) {
        throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "encrypted column " + column.qualifiedName() + " (" + column.origin() + ") does not exist");
      }
      if (column.column().equals(key)) {
        throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "encrypted column " + column.qualifiedName() + " (" + column.origin() + ") is the key the jobs page by; declare another primary-key");
      }
      targets.add(new ColumnTarget(column, storageOf(column, type)));
    }
    return new TableTarget(table.name(), key, keyType[0], targets);
  }

  /**
   * The jobs write each row only if its {@code xmin} is still the one they read
   * ({@link CompareAndSetWriter}); ordinary and partitioned tables have it, views and foreign tables
   * do not (a foreign table's xmin is not the remote row's version, so a compare on it could
   * overwrite a concurrent write).
   */
  private void requireTable(Identifier table, String origin) {
    String kind;
    try (PreparedStatement statement = connection.prepareStatement(KIND_SQL)) {
      statement.setString(1, table.toSql());
      try (ResultSet row = statement.executeQuery()) {
        kind = row.next() ? row.getString(1) : "";
      }
    } catch (SQLException e) {
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot read the kind of table " + table + ": " + e.getMessage(), e);
    }
    String what = switch (kind) {
      case "r", "p" -> null;
      case "v" -> "a view";
      case "m" -> "a materialized view";
      case "f" -> "a foreign table";
      default -> "not a table (pg_class.relkind " + kind + ")";
    };
    if (what != null) {
      throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "table " + table + " (" + origin + ") is " + what
          + ": the admin jobs rewrite rows in place, checking each row's version (xmin), which only tables have;"
          + " configure the table that holds the rows (for a foreign table: on its own server) and run the job there");
    }
  }

  private static boolean storageOf(EncryptedColumn column, String[] type) {
    return switch (type[1]) {
      case "bytea" -> true;
      case "text" -> false;
      case "varchar" -> {
        if (!type[0].equals("character varying")) {
          throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "encrypted column " + column.qualifiedName() + " (" + column.origin() + ") is " + type[0]
              + ", too short for ciphertext; make it text (ALTER TABLE ... ALTER COLUMN ... TYPE text)");
        }
        yield false;
      }
      default -> throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "encrypted column " + column.qualifiedName() + " (" + column.origin() + ") is " + type[0]
          + "; an encrypted column must be text or bytea (ALTER TABLE ... ALTER COLUMN ... TYPE text USING ...::text)");
    };
  }

  private Map<String, String[]> columnsOf(Identifier table) {
    Map<String, String[]> columns = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
      statement.setString(1, table.toSql());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), new String[] {rows.getString(2), rows.getString(3)});
        }
      }
    } catch (SQLException e) {
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot read the columns of table " + table + ": " + e.getMessage(), e);
    }
    return columns;
  }

  private Identifier primaryKeyOf(Identifier table, String origin) {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY_SQL)) {
      statement.setString(1, table.toSql());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot read the primary key of table " + table + ": " + e.getMessage(), e);
    }
    if (keys.size() != 1) {
      throw new RewriteFailure(RewriteFailure.Reason.CONFIG, "table " + table + " (" + origin + ") has " + (keys.isEmpty() ? "no primary key" : "a composite primary key")
          + "; declare a unique, single column as primary-key: in the configuration");
    }
    return Identifier.exact(keys.get(0));
  }
}
