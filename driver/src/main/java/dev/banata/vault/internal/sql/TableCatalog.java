package dev.banata.vault.internal.sql;

import dev.banata.vault.config.Identifier;
import java.util.List;

/**
 * The columns of the tables a statement names, in table order. The analysis needs them for
 * {@code SELECT *}, {@code t.*}, {@code INSERT} without a column list, {@code RETURNING *} and
 * generated keys, and to know whether an encrypted column is {@code text} or {@code bytea}.
 *
 * <p>The JDBC layer implements it over {@code DatabaseMetaData} and caches each table; the plan
 * cache only calls it when it analyses a statement it has not seen (never on a cache hit).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TableCatalog {

  /** A catalog that knows no table. */
  TableCatalog EMPTY = (schema, table) -> List.of();

  /**
   * The columns of {@code table} in their ordinal order, or an empty list when the table is unknown.
   *
   * @param schema the schema the SQL named ({@code public.customers}), or null when unqualified (search path)
   * @param table the table name with SQL case rules already applied
   */
  List<TableColumn> columns(Identifier schema, Identifier table);

  /**
   * Thrown by {@link #columns} when it cannot answer now (the database could not be asked, or the
   * connection's names no longer resolve the way the plan would be cached under): the analysis
   * stops, nothing is cached, and the caller sees it.
   */
  class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
