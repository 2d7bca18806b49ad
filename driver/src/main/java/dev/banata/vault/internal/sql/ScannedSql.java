package dev.banata.vault.internal.sql;

import dev.banata.vault.internal.sql.SqlToken.Kind;
import java.util.List;

/**
 * One SQL string as {@link SqlScanner} read it: its tokens (comments included, white space not),
 * and what would make the server read it otherwise or refuse it.
 *
 * @param sql the SQL as the application wrote it
 * @param standardConformingStrings the setting it was read with
 * @param tokens every token in order
 * @param problem why the server would refuse the text (unterminated string or comment, invalid
 *     escape, ...), with an offset and never a value; null when it reads
 * @param versionDependent what in the text PostgreSQL versions read differently (a number followed
 *     directly by a letter, a vertical tab); null when nothing
 */
record ScannedSql(String sql, boolean standardConformingStrings, List<SqlToken> tokens, String problem, String versionDependent) {

  /** True when the whole text was read. */
  boolean readable() {
    return problem == null;
  }

  /** The JDBC markers ({@code ?}) pgjdbc turns into {@code $n}. */
  int markerCount() {
    int count = 0;
    for (SqlToken token : tokens) {
      if (token.kind() == Kind.JDBC_MARKER) {
        count++;
      }
    }
    return count;
  }

  /** Statements the server runs: parts between {@code ;} that hold more than comments. */
  int statementCount() {
    int statements = 0;
    boolean content = false;
    for (SqlToken token : tokens) {
      if (token.kind() == Kind.SEMICOLON) {
        statements += content ? 1 : 0;
        content = false;
      } else if (!token.isComment()) {
        content = true;
      }
    }
    return statements + (content ? 1 : 0);
  }

  /**
   * The decoded value of a string literal written exactly as {@code written} (quotes and prefix
   * included), or null when the text holds no such literal. Literals written alike decode alike.
   */
  String decodedLiteral(String written) {
    for (SqlToken token : tokens) {
      if (token.kind() == Kind.STRING && token.end() - token.start() == written.length() && sql.startsWith(written, token.start())) {
        return token.value();
      }
    }
    return null;
  }

  /**
   * The offset of a string literal that stands where PostgreSQL's grammar has no string, or -1:
   * directly after another string (strings are joined only across a newline, which the scanner has
   * done already), a number, a parameter, {@code )} or {@code ]}, after {@code AS}, or after one of
   * {@code notTypes} (names that cannot be the type of a typed literal such as {@code DATE '...'}).
   * JSqlParser reads such a string as an alias ({@code select ? 'x'}, {@code email 'x'},
   * {@code customers 'x'}) where the server fails the statement and writes it to its log.
   */
  int stringWhereTheGrammarHasNone(java.util.Set<String> notTypes) {
    SqlToken previous = null;
    for (SqlToken token : tokens) {
      if (token.isComment()) {
        continue;
      }
      if (previous != null && token.kind() == Kind.STRING && endsAnOperand(previous, notTypes)) {
        return token.start();
      }
      previous = token;
    }
    return -1;
  }

  private static boolean endsAnOperand(SqlToken token, java.util.Set<String> notTypes) {
    return switch (token.kind()) {
      case STRING, NUMBER, PARAMETER, JDBC_MARKER -> true;
      case PUNCTUATION -> token.value().equals(")") || token.value().equals("]");
      case IDENTIFIER, QUOTED_IDENTIFIER -> token.kind() == Kind.IDENTIFIER && token.value().equals("as") || notTypes.contains(token.value());
      default -> false;
    };
  }

  /** True when an identifier token (quoted or not, decoded and folded as the server does) is {@code name}. */
  boolean hasIdentifier(String name) {
    for (SqlToken token : tokens) {
      if ((token.kind() == Kind.IDENTIFIER || token.kind() == Kind.QUOTED_IDENTIFIER) && token.value().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
