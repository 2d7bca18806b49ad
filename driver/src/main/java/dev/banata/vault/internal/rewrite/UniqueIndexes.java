package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.Identifier;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The unique indexes (and the unique and primary-key constraints behind them) of a table that cover
 * an encrypted column — multi-column and partial ones included.
 *
 * <p>Why they matter: the index compares ciphertexts. While a rotation runs, one value has two
 * ciphertexts (old and new key version), so the index accepts a second row with a value an
 * existing row already holds at the other version, and the job cannot then rewrite one of the two:
 * the index refuses the now equal ciphertexts. The same happens in an adoption between a plaintext
 * and its ciphertext. {@code rotate} refuses to start over such an index unless told the window is
 * accepted; every job reports a row it cannot rewrite because of one (with the rows it collides
 * with) instead of failing.
 */
public final class UniqueIndexes {

  /**
   * One unique index. {@code keyColumns} are the columns it makes unique, in order (empty when it
   * has expressions: then every column it references counts as covered, and no colliding row is
   * looked up); {@code predicate} is the partial index's {@code WHERE}, or null.
   */
  public record UniqueIndex(String name, String constraint, List<String> keyColumns, boolean expressions, String predicate,
      List<ColumnTarget> encrypted) {

    /** The covered encrypted columns whose configured mode is deterministic: a rotation gives their values two ciphertexts. */
    List<ColumnTarget> deterministic() {
      return encrypted.stream().filter(c -> c.column().mode() == Mode.DETERMINISTIC).toList();
    }

    /** {@code customers_email_key (email)}, {@code customers_org_email (org, email) WHERE active}, for messages. */
    public String describe() {
      String columns = expressions ? "an expression" : String.join(", ", keyColumns);
      return (constraint != null ? "constraint " : "index ") + (constraint != null ? constraint : name) + " (" + columns + ")"
          + (predicate == null ? "" : " WHERE " + predicate);
    }

    String encryptedColumns() {
      return encrypted.stream().map(c -> c.column().column().name()).collect(Collectors.joining(","));
    }
  }

  private static final String SQL = """
      SELECT ic.relname,
             (SELECT con.conname FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid LIMIT 1),
             ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE k.n <= i.indnkeyatts ORDER BY k.n),
             i.indexprs IS NOT NULL,
             ARRAY(SELECT a.attname FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid AND d.refobjsubid > 0),
             pg_get_expr(i.indpred, i.indrelid)
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = to_regclass(?) AND i.indisunique
       ORDER BY ic.relname""";

  private final TableTarget table;
  private final List<UniqueIndex> indexes;

  private UniqueIndexes(TableTarget table, List<UniqueIndex> indexes) {
    this.table = table;
    this.indexes = indexes;
  }

  /** The unique indexes of {@code table} that cover one of its encrypted columns. */
  public static UniqueIndexes of(Connection connection, TableTarget table) throws SQLException {
    List<UniqueIndex> found = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(SQL)) {
      statement.setString(1, table.sqlName());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          List<String> keyColumns = strings(rows.getArray(3));
          boolean expressions = rows.getBoolean(4);
          List<String> referenced = strings(rows.getArray(5));
          // With expressions we cannot tell expression columns from predicate or INCLUDE columns:
          // count every referenced column, so the check errs on the side of saying so.
          List<String> covered = expressions ? referenced : keyColumns;
          List<ColumnTarget> encrypted = table.columns().stream().filter(c -> covered.contains(c.column().column().name())).toList();
          if (!encrypted.isEmpty()) {
            found.add(new UniqueIndex(rows.getString(1), rows.getString(2), expressions ? List.of() : keyColumns, expressions,
                rows.getString(6), encrypted));
          }
        }
      }
    }
    return new UniqueIndexes(table, List.copyOf(found));
  }

  /** Those that cover a deterministic column: what {@code rotate} checks before it starts. */
  public List<UniqueIndex> onDeterministicColumns() {
    return indexes.stream().filter(i -> !i.deterministic().isEmpty()).toList();
  }

  /** The index that a unique violation names (the server names the index's constraint or, without one, the index). */
  Optional<UniqueIndex> named(String name) {
    return indexes.stream().filter(i -> name != null && (name.equals(i.constraint()) || name.equals(i.name()))).findFirst();
  }

  /**
   * The keys of the rows (at most five) that already hold what {@code change} would write into the
   * index's columns — the rows the write collides with. Sends only the new values (ciphertext, for
   * every job but decrypt-existing) and keys. Empty for an index on expressions.
   */
  List<String> collidingRows(Connection connection, UniqueIndex index, RowChange change) throws SQLException {
    if (index.expressions()) {
      return List.of();
    }
    String key = table.keySqlName();
    String keyCast = "CAST(? AS " + table.keySqlType() + ")";
    StringBuilder sql = new StringBuilder("SELECT o.").append(key).append("::text FROM (SELECT * FROM ").append(table.sqlName())
        .append(index.predicate() == null ? "" : " WHERE " + index.predicate()).append(") o WHERE o.").append(key).append(" <> ").append(keyCast);
    List<Object> values = new ArrayList<>();
    List<Boolean> binary = new ArrayList<>();
    values.add(change.key());
    binary.add(false);
    for (String column : index.keyColumns()) {
      String quoted = Identifier.exact(column).toSql();
      int position = positionOf(column);
      if (position >= 0 && change.newValues()[position] != null) {
        ColumnTarget target = table.columns().get(position);
        sql.append(" AND o.").append(quoted).append(" = CAST(? AS ").append(target.sqlType()).append(')');
        values.add(change.newValues()[position]);
        binary.add(target.binary());
      } else {
        sql.append(" AND o.").append(quoted).append(" IS NOT DISTINCT FROM (SELECT a.").append(quoted).append(" FROM ")
            .append(table.sqlName()).append(" a WHERE a.").append(key).append(" = ").append(keyCast).append(')');
        values.add(change.key());
        binary.add(false);
      }
    }
    sql.append(" ORDER BY o.").append(key).append(" LIMIT 5");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        if (binary.get(i)) {
          statement.setBytes(i + 1, (byte[]) values.get(i));
        } else {
          statement.setString(i + 1, (String) values.get(i));
        }
      }
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      return keys;
    }
  }

  private int positionOf(String column) {
    for (int i = 0; i < table.columns().size(); i++) {
      if (table.columns().get(i).column().column().name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
