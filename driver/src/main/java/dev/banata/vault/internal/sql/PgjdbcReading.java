package dev.banata.vault.internal.sql;

import dev.banata.vault.internal.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Where pgjdbc, which sits between the driver and the server, finds the JDBC markers and the
 * statement-splitting semicolons of a SQL string. pgjdbc skips strings, quoted identifiers,
 * comments and dollar quotes with rules of its own (its {@code org.postgresql.core.Parser}) that
 * differ from the server's in corners: {@code /}{@code *}{@code /} closes a comment at once for
 * pgjdbc, {@code E'} is recognised only from the third character on, a dollar quote after a digit
 * or a currency sign is not one, and with standard_conforming_strings off every single-quoted
 * string takes backslash escapes. Where the two readings differ, a {@code ?} that the server reads
 * as part of a comment is sent as a parameter (or the reverse), and a {@code ;} that the server
 * reads in a comment splits the statement: {@link #disagreement(ScannedSql)} says so and the
 * statement is treated as one nobody reads exactly.
 */
final class PgjdbcReading {

  private final List<Integer> markers = new ArrayList<>();
  private final List<Integer> semicolons = new ArrayList<>();
  private boolean unterminated;

  private PgjdbcReading(String sql, boolean standardConformingStrings) {
    char[] text = sql.toCharArray();
    for (int i = 0; i < text.length; i++) {
      switch (text[i]) {
        case '\'' -> i = singleQuotes(text, i, standardConformingStrings);
        case '"' -> i = doubleQuotes(text, i);
        case '-' -> i = lineComment(text, i);
        case '/' -> i = blockComment(text, i);
        case '$' -> i = dollarQuotes(text, i);
        case '?' -> {
          if (i + 1 < text.length && text[i + 1] == '?') {
            i++; // ?? is sent as ?, not a marker
          } else {
            markers.add(i);
          }
        }
        case ';' -> semicolons.add(i);
        default -> { }
      }
    }
  }

  /** Why pgjdbc reads {@code scanned} differently from the server, or null when they agree on markers and boundaries. */
  static String disagreement(ScannedSql scanned) {
    PgjdbcReading pgjdbc = new PgjdbcReading(scanned.sql(), scanned.standardConformingStrings());
    if (!scanned.readable()) {
      return null; // the server refuses the text anyway; the scanner's problem is the reason given
    }
    if (pgjdbc.unterminated) {
      return "pgjdbc reads a string, identifier or comment as running to the end of the SQL";
    }
    List<Integer> markers = new ArrayList<>();
    List<Integer> semicolons = new ArrayList<>();
    for (SqlToken token : scanned.tokens()) {
      if (token.kind() == Kind.JDBC_MARKER) {
        markers.add(token.start());
      } else if (token.kind() == Kind.SEMICOLON) {
        semicolons.add(token.start());
      }
    }
    if (!markers.equals(pgjdbc.markers)) {
      return "pgjdbc finds its ? parameter markers elsewhere than the server reads them";
    }
    return semicolons.equals(pgjdbc.semicolons) ? null : "pgjdbc splits statements elsewhere than the server reads them";
  }

  private int singleQuotes(char[] text, int start, boolean standard) {
    // pgjdbc recognises E'...' only when a character that ends an identifier stands before the E.
    boolean escapes = !standard || start >= 2 && (text[start - 1] == 'e' || text[start - 1] == 'E')
        && terminatesIdentifier(text[start - 2]);
    for (int i = start + 1; i < text.length; i++) {
      if (escapes && text[i] == '\\') {
        i++;
      } else if (text[i] == '\'') {
        return i;
      }
    }
    return end(text);
  }

  private int doubleQuotes(char[] text, int start) {
    for (int i = start + 1; i < text.length; i++) {
      if (text[i] == '"') {
        return i;
      }
    }
    return end(text);
  }

  private static int lineComment(char[] text, int start) {
    int i = start;
    if (i + 1 < text.length && text[i + 1] == '-') {
      while (i + 1 < text.length) {
        i++;
        if (text[i] == '\r' || text[i] == '\n') {
          break;
        }
      }
    }
    return i;
  }

  /** pgjdbc's nesting, which looks at the character before the cursor: the star of the opening also closes it in {@code /}{@code *}{@code /}. */
  private int blockComment(char[] text, int start) {
    if (start + 1 >= text.length || text[start + 1] != '*') {
      return start;
    }
    int level = 1;
    for (int i = start + 2; i < text.length; i++) {
      char before = text[i - 1];
      if (before == '*' && text[i] == '/') {
        level--;
        i++;
      } else if (before == '/' && text[i] == '*') {
        level++;
        i++;
      }
      if (level == 0) {
        return i - 1;
      }
    }
    return end(text);
  }

  private int dollarQuotes(char[] text, int start) {
    if (start + 1 >= text.length || start > 0 && Character.isJavaIdentifierPart(text[start - 1])) {
      return start;
    }
    int tagEnd = -1;
    if (text[start + 1] == '$') {
      tagEnd = start + 1;
    } else if (text[start + 1] != '$' && Character.isJavaIdentifierStart(text[start + 1])) {
      for (int d = start + 2; d < text.length; d++) {
        if (text[d] == '$') {
          tagEnd = d;
          break;
        } else if (!Character.isJavaIdentifierPart(text[d])) {
          break;
        }
      }
    }
    if (tagEnd < 0) {
      return start;
    }
    int tagLength = tagEnd - start + 1;
    for (int i = tagEnd + 1; i < text.length; i++) {
      if (text[i] == '$' && i + tagLength <= text.length && regionEquals(text, start, i, tagLength)) {
        return i + tagLength - 1;
      }
    }
    return end(text);
  }

  private static boolean regionEquals(char[] text, int a, int b, int length) {
    for (int k = 0; k < length; k++) {
      if (text[a + k] != text[b + k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean terminatesIdentifier(char c) {
    return c == '"' || SqlScanner.isSpace(c) || ",()[].;:+-*/%^<>=~!@#&|`?".indexOf(c) >= 0;
  }

  private int end(char[] text) {
    unterminated = true;
    return text.length;
  }
}
