package dev.banata.vault.jdbc;

import dev.banata.vault.config.Identifier;
import dev.banata.vault.internal.sql.SearchPath;
import dev.banata.vault.internal.sql.TableCatalog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * How the unqualified table names of one connection resolve, as the server resolves them: along
 * its {@code search_path}, its temporary schema first. The {@link SearchPath} is read from the
 * server once, and again only after something seen through the driver may have changed it
 * ({@link SchemaChange#mayChangeSearchPath()}, {@code setSchema}, the end of a transaction in which
 * that happened): a statement whose plan is cached costs no round trip. A change the driver does not
 * see (made by a function, a trigger, or through {@code unwrap}) is not noticed, except that a
 * name found in a temporary schema the driver did not know of makes it read the path again
 * before the plan is cached.
 *
 * <p>Tables are resolved with {@code to_regclass}, which applies the server's own rules (the
 * temporary schema, {@code pg_catalog}, {@code $user}, schemas without {@code USAGE} skipped, the
 * {@code pg_temp} alias), only when a statement not seen before is analysed.
 */
final class ConnectionSearchPath {

  /** Where a table is: its schema, and whether it is a temporary table of this session. */
  record Location(String schema, boolean temporary) {}

  private static final String READ = "SELECT pg_catalog.current_setting('search_path'), current_user,"
      + " pg_catalog.pg_my_temp_schema() <> 0";
  private static final String RESOLVE = "SELECT n.nspname, c.relpersistence = 't' FROM pg_catalog.pg_class c"
      + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(?)";

  /** null: read from the server before the next plan. */
  private SearchPath current;

  /**
   * The search path of the connection, read from {@code server} when it may have changed. Without
   * pgjdbc (another delegate driver) {@link SearchPath#UNSPECIFIED}: names are then looked up in
   * {@code getSchema()}, and plans are shared as before this was tracked.
   */
  SearchPath current(BaseConnection server) throws SQLException {
    SearchPath path = current;
    if (path != null) {
      return path;
    }
    if (server == null) {
      current = SearchPath.UNSPECIFIED;
      return current;
    }
    if (server.getTransactionState() == TransactionState.FAILED) {
      // A query would fail (and so would any statement but a rollback): plan for this connection
      // alone, and read the path once the transaction is over.
      return SearchPath.ofOneSession("", "");
    }
    try (Statement statement = server.createStatement(); ResultSet row = statement.executeQuery(READ)) {
      row.next();
      String setting = row.getString(1);
      String user = row.getString(2);
      path = row.getBoolean(3) ? SearchPath.ofOneSession(setting, user) : SearchPath.of(setting, user);
    }
    current = path;
    return path;
  }

  /** The search path last read, without reading it: null when it is to be read again. */
  SearchPath known() {
    return current;
  }

  /** Something seen through the driver may have changed how names resolve: read again before the next plan. */
  void mayHaveChanged() {
    current = null;
  }

  /**
   * Where {@code table} (in {@code schema}, or unqualified) is on this connection, or null when the
   * server finds no relation of that name.
   *
   * @throws Changed when the name is a temporary table and the search path in use did not know of a
   *     temporary schema: a plan made now would be cached for connections whose names resolve elsewhere
   */
  Location locate(BaseConnection server, Identifier schema, Identifier table) throws SQLException {
    String name = schema == null ? quoted(table.name()) : quoted(schema.name()) + "." + quoted(table.name());
    Location location;
    try (PreparedStatement resolve = server.prepareStatement(RESOLVE)) {
      resolve.setString(1, name);
      try (ResultSet row = resolve.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        location = new Location(row.getString(1), row.getBoolean(2));
      }
    }
    SearchPath path = current;
    if (location.temporary() && (path == null || !path.ofOneSessionOnly())) {
      current = null;
      throw new Changed();
    }
    return location;
  }

  /** The name as a quoted identifier, so that {@code to_regclass} takes it exactly (case, dots, quotes). */
  private static String quoted(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The connection's names resolve otherwise than the search path the analysis was keyed by: analyse again. */
  static final class Changed extends TableCatalog.Unavailable {
    private static final long serialVersionUID = 1L;

    Changed() {
      super("a temporary table that the driver did not see created (by a function, or through unwrap) shadows a table", null);
    }
  }
}
