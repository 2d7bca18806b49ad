package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the name of an encrypted table or column in SQL the analysis could not read.
 *
 * <p>Two ways, for two questions. {@link #tableNamedBy} looks at the identifier tokens the server
 * reads (quoted or not, decoded, folded) and only for tables: SQL the parser cannot read is
 * refused when it names an encrypted table, not when a column of another table shares an
 * encrypted column's name. {@link #mentionIn} is deliberately coarse: identifier tokens, and any
 * whole word of the text in any case (a comment or a string containing {@code email} counts),
 * because it decides about SQL that the server and the parser read differently, where a name
 * may sit in what one of them takes for a comment. {@link #tableNamedIn} is {@link #tableNamedBy}
 * that also reads string constants as SQL, for statements whose body the server runs later.
 */
final class EncryptedNames {

  private final List<Name> names = new ArrayList<>();

  /** @param exact the name as the server stores it; @param word the same in lower case, for the coarse match */
  private record Name(String exact, String word, String table, String column) {}

  EncryptedNames(VaultConfig config) {
    for (EncryptedTableSpec table : config.tables()) {
      if (table.columns().isEmpty()) {
        continue;
      }
      for (EncryptedColumn column : table.encryptedColumns()) {
        names.add(new Name(column.column().name(), column.column().name().toLowerCase(Locale.ROOT), table.name().name(),
            column.column().name()));
      }
    }
    // Columns first: a rejection naming the column is the more useful one.
    for (EncryptedTableSpec table : config.tables()) {
      if (!table.columns().isEmpty()) {
        names.add(new Name(table.name().name(), table.name().name().toLowerCase(Locale.ROOT), table.name().name(), null));
      }
    }
  }

  /** Every encrypted table and column name as the server stores it. */
  java.util.Set<String> names() {
    java.util.Set<String> exact = new java.util.HashSet<>();
    for (Name name : names) {
      exact.add(name.exact());
    }
    return java.util.Collections.unmodifiableSet(exact);
  }

  /** The rejection naming the first encrypted table that is an identifier token of {@code scanned}, or null. */
  Rejection tableNamedBy(ScannedSql scanned, Rejection.Reason reason, String operation) {
    for (Name name : names) {
      if (name.column() == null && scanned.hasIdentifier(name.exact())) {
        return new Rejection(name.table(), null, reason, operation);
      }
    }
    return null;
  }

  /** The rejection naming the first encrypted column that is an identifier token of {@code scanned}, or null. */
  Rejection columnNamedBy(ScannedSql scanned, Rejection.Reason reason, String operation) {
    for (Name name : names) {
      if (name.column() != null && scanned.hasIdentifier(name.exact())) {
        return new Rejection(name.table(), name.column(), reason, operation);
      }
    }
    return null;
  }

  /** How deep string constants are read again as SQL: a body's dynamic SQL in a string inside the body, and no further. */
  private static final int BODY_DEPTH = 3;

  /**
   * The rejection naming the first encrypted table that {@code scanned} names as an identifier
   * token or, with {@code bodiesInStrings}, that a string constant of it names when read as SQL
   * (a function's {@code AS $$ ... $$} body, a {@code DO} block, a string inside those), or null.
   * A string that does not read as SQL counts when it holds a table's name as a word: the server
   * may read it in another way (PL/pgSQL) than as plain SQL.
   */
  Rejection tableNamedIn(ScannedSql scanned, boolean bodiesInStrings, Rejection.Reason reason, String operation) {
    Rejection named = tableNamedBy(scanned, reason, operation);
    if (named != null || !bodiesInStrings) {
      return named;
    }
    return tableNamedInStrings(scanned, reason, operation, BODY_DEPTH);
  }

  private Rejection tableNamedInStrings(ScannedSql scanned, Rejection.Reason reason, String operation, int depth) {
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() != SqlToken.Kind.STRING || token.value() == null || token.value().isEmpty()) {
        continue;
      }
      ScannedSql body = SqlScanner.scan(token.value(), true);
      Rejection named = body.readable() ? tableNamedBy(body, reason, operation) : tableWordIn(token.value(), reason, operation);
      if (named == null && depth > 1) {
        named = tableNamedInStrings(body, reason, operation, depth - 1);
      }
      if (named != null) {
        return named;
      }
    }
    return null;
  }

  private Rejection tableWordIn(String text, Rejection.Reason reason, String operation) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Name name : names) {
      if (name.column() == null && containsWord(lower, name.word())) {
        return new Rejection(name.table(), null, reason, operation);
      }
    }
    return null;
  }

  /** The rejection naming the encrypted column or table a {@code U&"..."} identifier of {@code scanned} decodes to, or null. */
  Rejection unicodeEscapedName(ScannedSql scanned, Rejection.Reason reason, String operation) {
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER && token.form() == SqlToken.Form.UNICODE) {
        for (Name name : names) {
          if (name.exact().equals(token.value())) {
            return new Rejection(name.table(), name.column(), reason, operation);
          }
        }
      }
    }
    return null;
  }

  /**
   * The rejection naming the first encrypted column or table that {@code scanned} names as an
   * identifier token or mentions as a word anywhere in its text, or null.
   */
  Rejection mentionIn(ScannedSql scanned, Rejection.Reason reason, String operation) {
    for (Name name : names) {
      if (scanned.hasIdentifier(name.exact())) {
        return new Rejection(name.table(), name.column(), reason, operation);
      }
    }
    return firstMentionIn(scanned.sql(), reason, operation);
  }

  /** The rejection for {@code operation} naming the first encrypted table or column {@code sql} mentions as a word, or null. */
  Rejection firstMentionIn(String sql, Rejection.Reason reason, String operation) {
    if (names.isEmpty()) {
      return null;
    }
    String text = sql.toLowerCase(Locale.ROOT);
    for (Name name : names) {
      if (containsWord(text, name.word())) {
        return new Rejection(name.table(), name.column(), reason, operation);
      }
    }
    return null;
  }

  private static boolean containsWord(String text, String word) {
    int from = 0;
    int at;
    while ((at = text.indexOf(word, from)) >= 0) {
      int end = at + word.length();
      if ((at == 0 || !isWordChar(text.charAt(at - 1))) && (end == text.length() || !isWordChar(text.charAt(end)))) {
        return true;
      }
      from = at + 1;
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
