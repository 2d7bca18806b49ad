package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.columns.ColumnSearch;
import dev.banata.vault.internal.crypto.CaseFold;
import dev.banata.vault.internal.sql.LiteralSlot;
import dev.banata.vault.internal.sql.ParameterBinding;
import dev.banata.vault.internal.sql.ParameterRole;
import dev.banata.vault.internal.sql.SearchPath;
import dev.banata.vault.internal.sql.StatementPlan;
import dev.banata.vault.internal.sql.Storage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a search predicate needs of the database before its answer can be exact, checked on the
 * application's connection the first time a statement searches (then remembered per runtime, so no
 * statement after that pays a round trip):
 *
 * <ul>
 *   <li>every stored value of the column carries the search tokens of its configuration: a row written
 *       before {@code search: prefix} was configured has none (one written under another prefix-length or
 *       ignore-case, other ones), and {@code LIKE} would miss it while {@code NOT LIKE} returned it whatever it
 *       holds. One scan per column and search path (the number of {@code .} in the stored text: a token section
 *       holds the only ones) of the table the name resolves to, as in the statement; until it finds none,
 *       searches are refused with the admin command that adds the tokens, and it is tried again after
 *       {@link #RECHECK_NANOS};
 *   <li>for case-insensitive searches, the server's {@code lower()} (for {@code upper()} forms also its
 *       {@code upper()}) agrees with the driver's frozen case mappings on every character of them
 *       ({@link CaseFold#probe()}: fixed text, no user data), under a UTF-8 database whose ctype is not of a
 *       language with its own rules for I (tr, az, lt), and the column has no collation of its own; else those
 *       searches are refused.
 * </ul>
 * The first holds for equality too ({@code col = ?} compares whole stored texts, token section included).
 * Rows written later by a driver without {@code search: prefix} (an application instance still on the old
 * configuration) are not seen: docs/SECURITY.md, "Prefix search".
 */
final class SearchReadiness {

  static final long RECHECK_NANOS = 30_000_000_000L;

  /** The table a name resolves to on this connection (its search path), and whether the column has a collation of its own. */
  private static final String TABLE = "SELECT n.nspname, c.relname, a.attcollation <> 0 AND a.attcollation <> 100"
      + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND NOT a.attisdropped"
      + " WHERE c.oid = pg_catalog.to_regclass(?) AND c.relkind IN ('r', 'p')";

  /** Bounds the states kept (a key per search path: sessions with temporary schemas have their own). */
  private static final int MAX_STATES = 4096;

  /** A column as a statement under one search path names it. */
  private record Key(String column, SearchPath path) {}

  /**
   * What was found of a column (when, by nanoTime): why every search is refused (rows without tokens),
   * why case-insensitive ones are (a collation of its own); null where nothing is.
   */
  private record ColumnState(String everySearch, String caseInsensitive, long checkedAt) {}

  private final ConcurrentHashMap<Key, ColumnState> columns = new ConcurrentHashMap<>();

  /** What the probe found; null before it. */
  private volatile CaseProbe caseProbe;

  /** Why lower()/ILIKE searches, and why upper() ones, are refused on this database; "" where they are not. */
  private record CaseProbe(String lower, String upper) {}

  /** Refuses (0A000) when a search predicate of {@code plan} cannot be answered exactly on this database. */
  void check(StatementPlan plan, Connection server, SearchPath path) throws SQLException {
    if (!plan.touchesEncryption()) {
      return;
    }
    for (ParameterBinding parameter : plan.parameters()) {
      if (parameter.role() == ParameterRole.SEARCH) {
        check(parameter.column(), parameter.search().folded(), parameter.search().upper(), server, path);
      } else if (comparesTokens(parameter.role(), parameter.column(), parameter.storage())) {
        check(parameter.column(), false, false, server, path);
      }
    }
    for (LiteralSlot literal : plan.literals()) {
      if (literal.role() == ParameterRole.SEARCH) {
        check(literal.column(), literal.search().folded(), literal.search().upper(), server, path);
      } else if (comparesTokens(literal.role(), literal.column(), literal.storage())) {
        check(literal.column(), false, false, server, path);
      }
    }
  }

  /**
   * An equality on a search column compares whole stored texts, token section included: a row without its
   * tokens is missed as a LIKE misses it.
   */
  private static boolean comparesTokens(ParameterRole role, EncryptedColumn column, Storage storage) {
    return role == ParameterRole.MATCH && storage == Storage.TEXT && column.search().prefix();
  }

  private void check(EncryptedColumn column, boolean folded, boolean upper, Connection server, SearchPath path) throws SQLException {
    Key key = new Key(column.qualifiedName(), path);
    ColumnState state = columns.get(key);
    // Rows without tokens go once rotate has run: look again. A column's collation is part of its DDL (which
    // through the driver drops the runtime's plans, not this state): it stays until the runtime goes.
    if (state == null || state.everySearch() != null && System.nanoTime() - state.checkedAt() > RECHECK_NANOS) {
      state = inspect(column, server);
      if (columns.size() >= MAX_STATES) {
        columns.clear();
      }
      columns.put(key, state);
    }
    if (state.everySearch() != null) {
      throw refused(column, state.everySearch());
    }
    if (folded) {
      if (state.caseInsensitive() != null) {
        throw refused(column, state.caseInsensitive());
      }
      CaseProbe found = caseProbe;
      if (found == null) {
        found = probe(server);
        caseProbe = found;
      }
      String refusal = upper ? found.upper() : found.lower();
      if (!refusal.isEmpty()) {
        throw refused(column, refusal);
      }
    }
  }

  /** Scans the table the column's table name resolves to on this connection, as the statement's name does. */
  private static ColumnState inspect(EncryptedColumn column, Connection server) throws SQLException {
    List<String> tables = new ArrayList<>();
    boolean ownCollation = false;
    try (PreparedStatement find = server.prepareStatement(TABLE)) {
      find.setString(1, column.column().name());
      find.setString(2, column.table().toSql());
      try (ResultSet row = find.executeQuery()) {
        while (row.next()) {
          tables.add(quote(row.getString(1)) + "." + quote(row.getString(2)));
          ownCollation |= row.getBoolean(3);
        }
      }
    }
    String text = quote(column.column().name()) + "::text";
    int tokens = ColumnSearch.prefixIndex(column).tokenCount();
    try (Statement scan = server.createStatement()) {
      for (String table : tables) {
        // The '.' of a stored text value are its token delimiters (base64url has none): count them.
        try (ResultSet row = scan.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE " + text + " IS NOT NULL AND"
            + " pg_catalog.length(" + text + ") - pg_catalog.length(pg_catalog.replace(" + text + ", '.', '')) <> " + tokens + ")")) {
          row.next();
          if (row.getBoolean(1)) {
            return new ColumnState("rows written before search: prefix (or its current prefix-length or ignore-case) was"
                + " configured lack their search tokens, so a search or an equality would miss (or a negated one wrongly return)"
                + " them; run vault-admin rotate with this configuration to add them", null, System.nanoTime());
          }
        }
      }
    }
    String collation = "case-insensitive search on a column with its own COLLATE: the driver checks lower() under the"
        + " database's default collation only; drop the column's COLLATE (then restart the application) or use a case-sensitive LIKE";
    return new ColumnState(null, ownCollation ? collation : null, System.nanoTime());
  }

  /** Once per runtime: do the server's lower() and upper() agree with {@link CaseFold} on every character of it? */
  private static CaseProbe probe(Connection server) throws SQLException {
    String encoding;
    String ctype;
    try (Statement read = server.createStatement(); ResultSet row = read.executeQuery(
        "SELECT pg_catalog.current_setting('server_encoding'), pg_catalog.current_setting('lc_ctype')")) {
      row.next();
      encoding = row.getString(1);
      ctype = row.getString(2);
    }
    String way = "; case-insensitive search is refused on this database (use a case-sensitive LIKE, or a database with"
        + " a Unicode-aware ctype such as C.UTF-8 or en_US.UTF-8)";
    if (!"UTF8".equalsIgnoreCase(encoding)) {
      String refusal = "the database encoding is " + encoding + ", not UTF8" + way;
      return new CaseProbe(refusal, refusal);
    }
    String language = ctype.toLowerCase(Locale.ROOT);
    if (language.startsWith("tr") || language.startsWith("az") || language.startsWith("lt")) {
      // Their lower() maps I, or I before accents, differently: a rule of the language, not of the characters.
      String refusal = "the database ctype " + ctype + " maps I and i by its language's rules" + way;
      return new CaseProbe(refusal, refusal);
    }
    String probe = CaseFold.probe();
    String lowered;
    String uppered;
    try (PreparedStatement cases = server.prepareStatement("SELECT pg_catalog.lower(?), pg_catalog.upper(?)")) {
      cases.setString(1, probe);
      cases.setString(2, probe);
      try (ResultSet row = cases.executeQuery()) {
        row.next();
        lowered = row.getString(1);
        uppered = row.getString(2);
      }
    }
    String lower = CaseFold.fold(probe).equals(lowered) ? ""
        : "the server's lower() (database ctype " + ctype + ") differs from the driver's case folding" + way;
    // An ICU collation upper-cases ß to SS: lower() forms may still be answered there.
    String upper = !lower.isEmpty() ? lower : CaseFold.upper(probe).equals(uppered) ? ""
        : "the server's upper() (database ctype " + ctype + ") differs from the driver's case mapping; write lower(col) = lower(?),"
            + " lower(col) LIKE lower(?) or col ILIKE ?";
    return new CaseProbe(lower, upper);
  }

  private static SQLException refused(EncryptedColumn column, String why) {
    return VaultSqlException.of("search or equality on encrypted column " + column.qualifiedName() + " refused: " + why,
        VaultSqlState.FEATURE_NOT_SUPPORTED);
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
