package dev.banata.vault.internal.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.Token;

/**
 * Whether JSqlParser read the same text as the server: the same tokens at the same places, with
 * strings, quoted identifiers and comments where the server has them.
 *
 * <p>Why token by token: the analysis trusts JSqlParser's tree, and the server executes its own
 * reading. Wherever the two lexers cut the text differently, the tree describes a statement the
 * server does not run: {@code //} is a line comment to JSqlParser and an operator followed by a
 * comment to PostgreSQL (which then runs what JSqlParser skipped), PostgreSQL's comments nest,
 * {@code E'\''} ends elsewhere, {@code ~~} is one operator to the server and two to JSqlParser (whose
 * rendering then changes it). Comparing every token boundary catches each of these, and those
 * nobody has thought of yet, in one rule. White space is the only thing not compared.
 */
final class ParserAgreement {

  private ParserAgreement() {}

  /** A token of JSqlParser's reading: where it is and which of the compared classes it belongs to. */
  record Span(int start, int end, Category category) {}

  enum Category { STRING, QUOTED_IDENTIFIER, COMMENT, OTHER }

  /**
   * JSqlParser's tokens, from the chain that starts after {@code first} (the parser's token before
   * it read anything), comments included; null when the chain cannot be placed on the SQL text
   * (then nothing can be said to agree).
   */
  static List<Span> spans(String sql, Token first) {
    int[] lineStarts = lineStarts(sql);
    List<Span> spans = new ArrayList<>();
    for (Token token = first.next; token != null; token = token.next) {
      for (Token special = token.specialToken; special != null; special = special.specialToken) {
        Span span = span(sql, lineStarts, special, Category.COMMENT);
        if (span == null) {
          return null;
        }
        spans.add(span);
      }
      if (token.kind == CCJSqlParserConstants.EOF) {
        spans.sort(Comparator.comparingInt(Span::start));
        return spans;
      }
      Category category = token.kind == CCJSqlParserConstants.S_CHAR_LITERAL || token.kind == CCJSqlParserConstants.S_HEX
          ? Category.STRING : token.kind == CCJSqlParserConstants.S_QUOTED_IDENTIFIER ? Category.QUOTED_IDENTIFIER : Category.OTHER;
      Span span = span(sql, lineStarts, token, category);
      if (span == null) {
        return null;
      }
      spans.add(span);
    }
    return null; // the parser stopped before the end of the text
  }

  /** Why the two readings differ (a kind of token and an offset, never text), or null when they agree. */
  static String disagreement(ScannedSql scanned, List<Span> parser) {
    if (parser == null) {
      return "the parser's tokens cannot be placed on the SQL text";
    }
    List<SqlToken> tokens = scanned.tokens();
    int count = Math.min(tokens.size(), parser.size());
    for (int i = 0; i < count; i++) {
      SqlToken token = tokens.get(i);
      Span span = parser.get(i);
      Category category = categoryOf(token);
      if (token.start() != span.start() || token.end() != span.end() || category != span.category()) {
        int at = Math.min(token.start(), span.start());
        return describe(category, span.category()) + " at offset " + at;
      }
    }
    if (tokens.size() != parser.size()) {
      int at = tokens.size() > count ? tokens.get(count).start() : parser.get(count).start();
      return "the parser ends its reading elsewhere than the server, at offset " + at;
    }
    return null;
  }

  private static String describe(Category server, Category parser) {
    if (server == Category.COMMENT || parser == Category.COMMENT) {
      return "a comment the server and the parser read differently";
    }
    if (server == Category.STRING || parser == Category.STRING) {
      return "a string literal the server and the parser read differently";
    }
    if (server == Category.QUOTED_IDENTIFIER || parser == Category.QUOTED_IDENTIFIER) {
      return "a quoted identifier the server and the parser read differently";
    }
    return "a token (operator, number or name) the server and the parser cut differently";
  }

  private static Category categoryOf(SqlToken token) {
    return switch (token.kind()) {
      case STRING -> Category.STRING;
      case QUOTED_IDENTIFIER -> Category.QUOTED_IDENTIFIER;
      case LINE_COMMENT, BLOCK_COMMENT -> Category.COMMENT;
      default -> Category.OTHER;
    };
  }

  private static Span span(String sql, int[] lineStarts, Token token, Category category) {
    // JavaCC counts lines and columns from 1, a column per char (tab size 1), lines ending at \n, \r or \r\n.
    if (token.image == null || token.beginLine < 1 || token.beginLine > lineStarts.length) {
      return null;
    }
    int start = lineStarts[token.beginLine - 1] + token.beginColumn - 1;
    // The image, not endColumn: after backing up, JSqlParser's end positions can point past the image.
    int end = start + token.image.length();
    if (start < 0 || end > sql.length() || !sql.startsWith(token.image, start)) {
      return null;
    }
    return new Span(start, end, category);
  }

  private static int[] lineStarts(String sql) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '\n')) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
