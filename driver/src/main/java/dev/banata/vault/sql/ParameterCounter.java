package dev.banata.vault.sql;

/**
 * Counts the JDBC parameter markers ({@code ?}) of SQL text the way a PostgreSQL JDBC driver sees
 * them: not inside string literals, quoted identifiers, dollar-quoted strings or comments. Used to
 * check that the analysis accounted for every parameter.
 */
final class ParameterCounter {

  private ParameterCounter() {}

  static int count(String sql) {
    int count = 0;
    int length = sql.length();
    int i = 0;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\'') {
        boolean backslashEscapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
            && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
        i = endOfQuoted(sql, i, '\'', backslashEscapes);
      } else if (c == '"') {
        i = endOfQuoted(sql, i, '"', false);
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
        int newline = sql.indexOf('\n', i);
        i = newline < 0 ? length : newline + 1;
      } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
        i = endOfBlockComment(sql, i);
      } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
        i = endOfDollarQuoted(sql, i);
      } else {
        if (c == '?') {
          count++;
        }
        i++;
      }
    }
    return count;
  }

  private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int endOfBlockComment(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i < sql.length() - 1) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int endOfDollarQuoted(String sql, int start) {
    int close = start + 1;
    while (close < sql.length() && (Character.isLetterOrDigit(sql.charAt(close)) || sql.charAt(close) == '_')) {
      close++;
    }
    if (close >= sql.length() || sql.charAt(close) != '$' || close > start + 1 && Character.isDigit(sql.charAt(start + 1))) {
      return start + 1; // $1 or a lone $: not a dollar quote
    }
    String tag = sql.substring(start, close + 1);
    int end = sql.indexOf(tag, close + 1);
    return end < 0 ? sql.length() : end + tag.length();
  }
}
