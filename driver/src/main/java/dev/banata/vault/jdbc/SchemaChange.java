package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.StatementKind;
import dev.banata.vault.internal.sql.StatementPlan;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a DDL statement sent through the driver may have changed ({@code ALTER}, {@code DROP},
 * {@code CREATE}, which covers renames), so that their catalog entries and the plans built on them
 * are dropped once it has run. Over-approximates on purpose: every identifier in the statement counts
 * as a table name that may have changed (a spare invalidation costs one catalog read), and text this
 * reader cannot follow with certainty ({@code $} quoting, backslashes, {@code U&}, a {@code DO}
 * block) counts as a change of every table.
 *
 * <p>It also says whether the statement may change which table an unqualified name is on the
 * connection that ran it ({@link #mayChangeSearchPath()}: {@code SET}/{@code RESET} of
 * {@code search_path}, {@code SCHEMA}, {@code ROLE} or {@code SESSION AUTHORIZATION}, {@code DISCARD},
 * DDL, which may create the temporary schema or a table earlier in the path, {@code GRANT}/{@code REVOKE})
 * and whether it ends a transaction by text ({@code COMMIT}, {@code ROLLBACK}, ..., which undo or
 * end {@code SET LOCAL}).
 *
 * <p>Only statements the analysis passed through as they are (DDL, session statements) are read,
 * and only up to their first word unless it is a DDL verb: nothing is done for queries and DML.
 */
final class SchemaChange {

  static final SchemaChange NONE = new SchemaChange(Set.of(), false, false, false);
  static final SchemaChange EVERY_TABLE = new SchemaChange(Set.of(), true, true, false);
  /** No table changed, but names may resolve elsewhere on this connection now. */
  private static final SchemaChange SEARCH_PATH = new SchemaChange(Set.of(), false, true, false);
  private static final SchemaChange TRANSACTION_END = new SchemaChange(Set.of(), false, false, true);

  /** After SET or RESET, the parameter words that may change name resolution (RESET ALL, SESSION AUTHORIZATION). */
  private static final Set<String> RESOLUTION_PARAMETERS = Set.of("search_path", "schema", "role", "authorization", "all");

  private final Set<String> names;
  private final boolean everyTable;
  private final boolean searchPath;
  private final boolean endsTransaction;

  private SchemaChange(Set<String> names, boolean everyTable, boolean searchPath, boolean endsTransaction) {
    this.names = names;
    this.everyTable = everyTable;
    this.searchPath = searchPath;
    this.endsTransaction = endsTransaction;
  }

  /** What running {@code sql}, planned as {@code plan}, may change in the tables' columns. */
  static SchemaChange of(String sql, StatementPlan plan) {
    if (plan.kind() != StatementKind.OTHER && plan.kind() != StatementKind.UNPARSEABLE) {
      return NONE;
    }
    int start = skipSpaceAndComments(sql, 0);
    if (start < 0) {
      return EVERY_TABLE;
    }
    String verb = word(sql, start);
    switch (verb) {
      case "alter", "drop", "create" -> {
        SchemaChange change = identifiersIn(sql, start);
        if (!change.everyTable && (change.names.contains("schema") || change.names.contains("owned"))) {
          // A schema dropped or renamed (or DROP OWNED) moves or removes tables it does not name.
          return EVERY_TABLE;
        }
        return change;
      }
      case "do", "grant", "revoke" -> {
        // An anonymous code block (migrations use them) may run any DDL: the catalog is read again.
        // A privilege on a schema decides whether the search path passes through it.
        return EVERY_TABLE;
      }
      case "set", "reset" -> {
        return setsResolution(sql, start + verb.length()) ? SEARCH_PATH : NONE;
      }
      case "discard" -> {
        return SEARCH_PATH;
      }
      case "commit", "rollback", "abort", "end", "prepare" -> {
        return TRANSACTION_END;
      }
      default -> {
        return NONE;
      }
    }
  }

  /**
   * Whether the SET or RESET whose parameter starts at {@code from} may change name resolution: its
   * parameter is one of {@link #RESOLUTION_PARAMETERS} after an optional SESSION or LOCAL, or is not a
   * plain word (quoted, or unreadable here), which counts as one.
   */
  private static boolean setsResolution(String sql, int from) {
    int i = skipSpaceAndComments(sql, from);
    if (i < 0 || i >= sql.length() || !isWordChar(sql.charAt(i))) {
      return true;
    }
    String parameter = word(sql, i);
    if (parameter.equals("session") || parameter.equals("local")) {
      i = skipSpaceAndComments(sql, i + parameter.length());
      if (i < 0 || i >= sql.length() || !isWordChar(sql.charAt(i))) {
        return true;
      }
      parameter = word(sql, i);
    }
    return RESOLUTION_PARAMETERS.contains(parameter);
  }

  boolean isNone() {
    return !everyTable && names.isEmpty() && !searchPath && !endsTransaction;
  }

  /** Whether no table may have changed (a search path change or a transaction end may still be). */
  boolean noTable() {
    return !everyTable && names.isEmpty();
  }

  /** Whether unqualified names may resolve to other tables on the connection that ran it. */
  boolean mayChangeSearchPath() {
    return searchPath;
  }

  /** Whether it ended the transaction by text (COMMIT, ROLLBACK, ...). */
  boolean endsTransaction() {
    return endsTransaction;
  }

  boolean everyTable() {
    return everyTable;
  }

  /** Table names as the database stores them (unquoted ones folded to lower case). */
  Set<String> names() {
    return names;
  }

  /** This change and {@code other} together. */
  SchemaChange and(SchemaChange other) {
    if (other.isNone()) {
      return this;
    }
    if (isNone()) {
      return other;
    }
    boolean bothSearchPath = searchPath || other.searchPath;
    boolean bothEnd = endsTransaction || other.endsTransaction;
    if (everyTable || other.everyTable) {
      return new SchemaChange(Set.of(), true, bothSearchPath, bothEnd);
    }
    Set<String> both = new HashSet<>(names);
    both.addAll(other.names);
    return new SchemaChange(Set.copyOf(both), false, bothSearchPath, bothEnd);
  }

  private static SchemaChange identifiersIn(String sql, int from) {
    Set<String> names = new HashSet<>();
    int i = from;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '$' || c == '\\' || ((c == 'u' || c == 'U') && i + 1 < length && sql.charAt(i + 1) == '&')) {
        return EVERY_TABLE;
      }
      if (c == '\'') {
        int end = sql.indexOf('\'', i + 1);
        while (end >= 0 && end + 1 < length && sql.charAt(end + 1) == '\'') {
          end = sql.indexOf('\'', end + 2);
        }
        if (end < 0 || sql.substring(i, end).indexOf('\\') >= 0) {
          // Unterminated, or a backslash: where an E'' string (or one without standard_conforming_strings) ends is uncertain here.
          return EVERY_TABLE;
        }
        i = end + 1;
      } else if (c == '"') {
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= length) {
            return EVERY_TABLE;
          }
          char q = sql.charAt(j);
          if (q == '"') {
            if (j + 1 < length && sql.charAt(j + 1) == '"') {
              name.append('"');
              j += 2;
              continue;
            }
            break;
          }
          name.append(q);
          j++;
        }
        names.add(name.toString());
        i = j + 1;
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-' || c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
        i = skipSpaceAndComments(sql, i);
        if (i < 0) {
          return EVERY_TABLE;
        }
      } else if (isWordChar(c)) {
        int end = wordEnd(sql, i);
        names.add(sql.substring(i, end).toLowerCase(Locale.ROOT));
        i = end;
      } else {
        i++;
      }
    }
    // DDL may create the temporary schema (CREATE TEMP ...) or a table earlier in the search path.
    return new SchemaChange(Set.copyOf(names), false, true, false);
  }

  /** The index of the first character after white space and comments from {@code i}; -1 in an unterminated comment. */
  private static int skipSpaceAndComments(String sql, int i) {
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(' || c == ';') {
        i++;
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? length : end + 1;
      } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
        // PostgreSQL block comments nest.
        int depth = 0;
        do {
          if (i + 1 >= length) {
            return -1;
          }
          if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
            depth++;
            i += 2;
          } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
            depth--;
            i += 2;
          } else {
            i++;
          }
        } while (depth > 0);
      } else {
        return i;
      }
    }
    return i;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static int wordEnd(String sql, int i) {
    int end = i;
    while (end < sql.length() && isWordChar(sql.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The word starting at {@code i}, folded to lower case as PostgreSQL folds unquoted identifiers. */
  private static String word(String sql, int i) {
    return sql.substring(i, wordEnd(sql, i)).toLowerCase(Locale.ROOT);
  }
}
