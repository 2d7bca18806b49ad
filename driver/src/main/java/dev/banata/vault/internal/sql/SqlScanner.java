package dev.banata.vault.internal.sql;

import dev.banata.vault.internal.sql.SqlToken.Form;
import dev.banata.vault.internal.sql.SqlToken.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that reads SQL text: a lexer that reads an application's SQL string the way
 * pgjdbc and then PostgreSQL's scanner ({@code src/backend/parser/scan.l}, with the
 * {@code UESCAPE} handling of {@code parser.c}) read it. Written from PostgreSQL 15's rules, with
 * the places where later versions read differently reported as {@link ScannedSql#versionDependent()}.
 *
 * <p>What it follows:
 * <ul>
 *   <li>Comments: {@code --} to the end of the line; {@code /* *}{@code /} nesting. A comment start
 *       inside an operator ends the operator: {@code //* *}{@code /} is the operator {@code /} and
 *       a comment; {@code +--x} is {@code +} and a comment.</li>
 *   <li>Strings: {@code '...'} with {@code ''}; backslash escapes in {@code E'...'} and, with
 *       standard_conforming_strings off, in {@code '...'} (octal, hex, {@code \\u}, {@code \\U},
 *       {@code \\b\\f\\n\\r\\t}, any other character as itself; the bytes must form UTF-8);
 *       {@code $tag$...$tag$} ({@code $1} is a parameter); {@code U&'...'} and {@code U&"..."} with
 *       {@code UESCAPE 'c'}; {@code N'...'}, {@code B'...'}, {@code X'...'}; and the SQL-standard
 *       continuation of a string by another after whitespace that contains a newline.</li>
 *   <li>Identifiers: folded to lower case (ASCII letters only, as for UTF-8 databases), truncated
 *       to 63 bytes; {@code "..."} with {@code ""}; every non-ASCII character is an identifier
 *       character, as every byte from 0x80 is to PostgreSQL.</li>
 *   <li>Operators: the longest run of operator characters, cut before {@code /*} or {@code --},
 *       without trailing {@code +}/{@code -} unless it holds one of {@code ~!@#^&|`?%}.</li>
 *   <li>JDBC markers, as pgjdbc reads them: {@code ?} outside strings, quoted identifiers and
 *       comments is a marker (sent as {@code $n}); {@code ??} is an escaped {@code ?} (sent as the
 *       operator character {@code ?}).</li>
 * </ul>
 *
 * <p>No regular expression and no backtracking: one pass, linear in the length of the SQL. The
 * result never carries SQL text in a message (a literal may be plaintext); problems name a kind
 * and an offset.
 */
final class SqlScanner {

  /** PostgreSQL's NAMEDATALEN - 1: identifiers are truncated to this many bytes. */
  static final int MAX_IDENTIFIER_BYTES = 63;

  private final String sql;
  private final int length;
  private final boolean standardConformingStrings;
  private final List<SqlToken> tokens = new ArrayList<>();
  private String problem;
  private String versionDependent;

  private SqlScanner(String sql, boolean standardConformingStrings) {
    this.sql = sql;
    this.length = sql.length();
    this.standardConformingStrings = standardConformingStrings;
  }

  /**
   * Reads {@code sql} as a connection with the given {@code standard_conforming_strings} setting
   * would send it. Never throws for bad SQL: what the server would reject is reported as
   * {@link ScannedSql#problem()}, with the tokens read before it.
   */
  static ScannedSql scan(String sql, boolean standardConformingStrings) {
    SqlScanner scanner = new SqlScanner(sql, standardConformingStrings);
    scanner.run();
    if (scanner.problem == null) {
      scanner.applyUescape();
    }
    return new ScannedSql(sql, standardConformingStrings, List.copyOf(scanner.tokens), scanner.problem, scanner.versionDependent);
  }

  private void run() {
    int i = 0;
    while (i < length && problem == null) {
      char c = sql.charAt(i);
      char next = charAt(i + 1);
      if (isSpace(c)) {
        i++;
      } else if (c == '\u000b') {
        // PostgreSQL 16 reads a vertical tab as white space; 15 and earlier as a stray character.
        noteVersionDependent("a vertical tab");
        i = single(Kind.OTHER, i);
      } else if (c == '-' && next == '-') {
        i = lineComment(i);
      } else if (c == '/' && next == '*') {
        i = blockComment(i);
      } else if (c == '\'') {
        i = string(i, i, standardConformingStrings ? Form.STANDARD : Form.ESCAPE);
      } else if ((c == 'e' || c == 'E') && next == '\'') {
        i = string(i, i + 1, Form.ESCAPE);
      } else if ((c == 'n' || c == 'N') && next == '\'') {
        i = string(i, i + 1, Form.NATIONAL);
      } else if ((c == 'b' || c == 'B') && next == '\'') {
        i = string(i, i + 1, Form.BIT);
      } else if ((c == 'x' || c == 'X') && next == '\'') {
        i = string(i, i + 1, Form.HEX);
      } else if ((c == 'u' || c == 'U') && next == '&' && charAt(i + 2) == '\'') {
        if (!standardConformingStrings) {
          problem = "U&'...' with standard_conforming_strings off (the server refuses it) at offset " + i;
          return;
        }
        i = string(i, i + 2, Form.UNICODE);
      } else if ((c == 'u' || c == 'U') && next == '&' && charAt(i + 2) == '"') {
        i = quotedIdentifier(i, i + 2, Form.UNICODE);
      } else if (c == '"') {
        i = quotedIdentifier(i, i, Form.QUOTED);
      } else if (c == '$') {
        i = dollar(i);
      } else if (c == '?' && next != '?') {
        i = single(Kind.JDBC_MARKER, i);
      } else if (isDigit(c) || c == '.' && isDigit(next)) {
        i = number(i);
      } else if (c == '.' && next == '.') {
        i = add(Kind.OPERATOR, null, i, i + 2, "..");
      } else if (c == ':' && next == ':') {
        i = add(Kind.OPERATOR, null, i, i + 2, "::");
      } else if (c == ':' && next == '=') {
        i = add(Kind.OPERATOR, null, i, i + 2, ":=");
      } else if (isIdentifierStart(c)) {
        i = identifier(i);
      } else if (isOperatorChar(c)) {
        i = operator(i);
      } else if (c == ';') {
        i = single(Kind.SEMICOLON, i);
      } else if (c == ',' || c == '(' || c == ')' || c == '[' || c == ']' || c == '.' || c == ':') {
        i = single(Kind.PUNCTUATION, i);
      } else {
        i = single(Kind.OTHER, i);
      }
    }
  }

  // --- comments

  private int lineComment(int start) {
    int i = start + 2;
    while (i < length && !isNewline(sql.charAt(i))) {
      i++;
    }
    return add(Kind.LINE_COMMENT, null, start, i, null);
  }

  private int blockComment(int start) {
    int depth = 0;
    int i = start + 2;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '/' && charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (c == '*') {
        int stars = i;
        while (stars < length && sql.charAt(stars) == '*') {
          stars++;
        }
        if (stars < length && sql.charAt(stars) == '/') {
          i = stars + 1;
          if (depth == 0) {
            return add(Kind.BLOCK_COMMENT, null, start, i, null);
          }
          depth--;
        } else {
          i = stars;
        }
      } else {
        i++;
      }
    }
    problem = "unterminated /* comment at offset " + start;
    return length;
  }

  // --- strings

  /**
   * A quoted string whose opening quote is at {@code quote}, with continuations. Decoding follows
   * the form; a continuation is read in the form of the first part, as PostgreSQL does.
   */
  private int string(int start, int quote, Form form) {
    // N'...' is an ordinary string to the server: backslash escapes when standard_conforming_strings is off.
    boolean escapes = form == Form.ESCAPE || form == Form.NATIONAL && !standardConformingStrings;
    Literal literal = new Literal(escapes);
    int i = quote + 1;
    while (true) {
      if (i >= length) {
        problem = "unterminated quoted string at offset " + start;
        return length;
      }
      char c = sql.charAt(i);
      if (c == '\'') {
        if (form != Form.BIT && form != Form.HEX && charAt(i + 1) == '\'') {
          literal.append('\'');
          i += 2;
          continue;
        }
        int continuation = continuation(i + 1);
        if (continuation < 0) {
          i++;
          break;
        }
        i = continuation + 1;
      } else if (c == '\\' && escapes) {
        i = escape(literal, i, start);
        if (problem != null) {
          return length;
        }
      } else {
        literal.append(c);
        i++;
      }
    }
    String value = literal.finish();
    if (value == null) {
      problem = "escape string that is not valid UTF-8 (or holds a zero byte) at offset " + start;
      return length;
    }
    return add(Kind.STRING, form, start, i, value);
  }

  /**
   * The offset of the quote that continues a string closed just before {@code from}, or -1. The SQL
   * standard's rule as PostgreSQL implements it: white space (and {@code --} comments) holding at
   * least one newline, then a quote; no block comments.
   */
  private int continuation(int from) {
    int i = from;
    boolean newline = false;
    while (i < length) {
      char c = sql.charAt(i);
      if (isNewline(c)) {
        newline = true;
        i++;
      } else if (isSpace(c)) {
        i++;
      } else if (c == '-' && charAt(i + 1) == '-') {
        while (i < length && !isNewline(sql.charAt(i))) {
          i++;
        }
      } else {
        return newline && c == '\'' ? i : -1;
      }
    }
    return -1;
  }

  /** One backslash escape of an escape string at {@code at}; returns the offset after it. */
  private int escape(Literal literal, int at, int start) {
    char c = charAt(at + 1);
    if (at + 1 >= length) {
      problem = "unterminated quoted string at offset " + start;
      return length;
    }
    if (c >= '0' && c <= '7') {
      int value = 0;
      int i = at + 1;
      while (i < at + 4 && i < length && sql.charAt(i) >= '0' && sql.charAt(i) <= '7') {
        value = value * 8 + (sql.charAt(i) - '0');
        i++;
      }
      literal.appendByte(value & 0xff);
      return i;
    }
    if (c == 'x' && isHexDigit(charAt(at + 2))) {
      int i = at + 2;
      int value = 0;
      while (i < at + 4 && i < length && isHexDigit(sql.charAt(i))) {
        value = value * 16 + Character.digit(sql.charAt(i), 16);
        i++;
      }
      literal.appendByte(value);
      return i;
    }
    if (c == 'u' || c == 'U') {
      int digits = c == 'u' ? 4 : 8;
      int codePoint = hex(at + 2, digits);
      if (codePoint < 0) {
        problem = "invalid Unicode escape in a string at offset " + start;
        return length;
      }
      int i = at + 2 + digits;
      if (Character.isHighSurrogate((char) codePoint) && codePoint <= 0xffff) {
        // A surrogate pair must be written as two escapes, high then low.
        char u = charAt(i + 1);
        int low = charAt(i) == '\\' && (u == 'u' || u == 'U') ? hex(i + 2, u == 'u' ? 4 : 8) : -1;
        if (low < 0 || low > 0xffff || !Character.isLowSurrogate((char) low)) {
          problem = "invalid Unicode surrogate pair in a string at offset " + start;
          return length;
        }
        codePoint = Character.toCodePoint((char) codePoint, (char) low);
        i += 2 + (u == 'u' ? 4 : 8);
      } else if (!validCodePoint(codePoint)) {
        problem = "invalid Unicode escape value in a string at offset " + start;
        return length;
      }
      literal.appendCodePoint(codePoint);
      return i;
    }
    switch (c) {
      case 'b' -> literal.append('\b');
      case 'f' -> literal.append('\f');
      case 'n' -> literal.append('\n');
      case 'r' -> literal.append('\r');
      case 't' -> literal.append('\t');
      default -> literal.append(c);
    }
    return at + 2;
  }

  private int quotedIdentifier(int start, int quote, Form form) {
    StringBuilder name = new StringBuilder();
    int i = quote + 1;
    while (true) {
      if (i >= length) {
        problem = "unterminated quoted identifier at offset " + start;
        return length;
      }
      char c = sql.charAt(i);
      if (c == '"') {
        if (charAt(i + 1) == '"') {
          name.append('"');
          i += 2;
          continue;
        }
        i++;
        break;
      }
      name.append(c);
      i++;
    }
    if (name.length() == 0) {
      problem = "zero-length quoted identifier at offset " + start;
      return length;
    }
    // A U&"..." identifier is decoded (and then truncated) once its UESCAPE is known.
    return add(Kind.QUOTED_IDENTIFIER, form, start, i, form == Form.UNICODE ? name.toString() : truncate(name.toString()));
  }

  /** {@code $n}, a dollar-quoted string, or a lone {@code $}. */
  private int dollar(int start) {
    char next = charAt(start + 1);
    if (isDigit(next)) {
      int i = start + 1;
      while (i < length && isDigit(sql.charAt(i))) {
        i++;
      }
      return add(Kind.PARAMETER, null, start, i, sql.substring(start, i));
    }
    int i = start + 1;
    if (isDollarTagStart(next)) {
      i++;
      while (i < length && isDollarTagContinue(sql.charAt(i))) {
        i++;
      }
    }
    if (charAt(i) != '$') {
      // "$abc" without a closing $: PostgreSQL returns the $ alone and reads on after it.
      return single(Kind.OTHER, start);
    }
    String tag = sql.substring(start, i + 1);
    int close = sql.indexOf(tag, i + 1);
    if (close < 0) {
      problem = "unterminated dollar-quoted string at offset " + start;
      return length;
    }
    return add(Kind.STRING, Form.DOLLAR, start, close + tag.length(), sql.substring(i + 1, close));
  }

  // --- numbers, identifiers, operators

  private int number(int start) {
    int i = start;
    while (i < length && isDigit(sql.charAt(i))) {
      i++;
    }
    if (charAt(i) == '.' && charAt(i + 1) == '.' && i > start) {
      // "1..10": an integer followed by "..", as PostgreSQL's decimalfail rule reads it
      return number(start, i);
    }
    if (charAt(i) == '.') {
      i++;
      while (i < length && isDigit(sql.charAt(i))) {
        i++;
      }
    }
    char e = charAt(i);
    if (e == 'e' || e == 'E') {
      int exponent = i + 1;
      if (charAt(exponent) == '+' || charAt(exponent) == '-') {
        exponent++;
      }
      if (isDigit(charAt(exponent))) {
        i = exponent;
        while (i < length && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return number(start, i);
  }

  private int number(int start, int end) {
    if (end < length && isIdentifierStart(sql.charAt(end))) {
      // 0x1F, 1_000, 12abc: PostgreSQL 16 reads these as one number or refuses them ("trailing junk"); 15 as two tokens.
      noteVersionDependent("a number directly followed by a letter");
    }
    return add(Kind.NUMBER, null, start, end, sql.substring(start, end));
  }

  private int identifier(int start) {
    int i = start + 1;
    while (i < length && isIdentifierContinue(sql.charAt(i))) {
      i++;
    }
    StringBuilder folded = new StringBuilder(i - start);
    for (int k = start; k < i; k++) {
      char c = sql.charAt(k);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return add(Kind.IDENTIFIER, null, start, i, truncate(folded.toString()));
  }

  private int operator(int start) {
    // The operator as the server receives it (pgjdbc sends ?? as ?), and where each of its characters ends in the SQL.
    StringBuilder text = new StringBuilder();
    List<Integer> ends = new ArrayList<>();
    int i = start;
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '?') {
        if (charAt(i + 1) != '?') {
          break; // a JDBC marker: pgjdbc sends $n there, which ends the operator
        }
        text.append('?');
        i += 2;
      } else if (isOperatorChar(c)) {
        text.append(c);
        i++;
      } else {
        break;
      }
      ends.add(i);
    }
    int chars = text.length();
    int comment = Math.min(indexOr(text, "/*"), indexOr(text, "--"));
    if (comment < chars) {
      chars = comment;
    }
    while (chars > 1 && (text.charAt(chars - 1) == '+' || text.charAt(chars - 1) == '-')) {
      boolean allowed = false;
      for (int k = chars - 2; k >= 0 && !allowed; k--) {
        allowed = "~!@#^&|`?%".indexOf(text.charAt(k)) >= 0;
      }
      if (allowed) {
        break;
      }
      chars--;
    }
    if (chars >= MAX_IDENTIFIER_BYTES + 1) {
      problem = "operator too long at offset " + start;
      return length;
    }
    return add(Kind.OPERATOR, null, start, ends.get(chars - 1), text.substring(0, chars));
  }

  private static int indexOr(StringBuilder text, String what) {
    int at = text.indexOf(what);
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  // --- U&'...' and UESCAPE

  /**
   * Decodes every {@code U&} token with the escape character of the {@code UESCAPE 'c'} that follows
   * it (comments may stand between, as they may for PostgreSQL's parser), or backslash.
   */
  private void applyUescape() {
    for (int t = 0; t < tokens.size() && problem == null; t++) {
      SqlToken token = tokens.get(t);
      if (token.form() != Form.UNICODE) {
        continue;
      }
      int keyword = nextSignificant(t + 1);
      char escape = '\\';
      if (keyword >= 0 && tokens.get(keyword).kind() == Kind.IDENTIFIER && tokens.get(keyword).value().equals("uescape")) {
        int literal = nextSignificant(keyword + 1);
        SqlToken escapeLiteral = literal < 0 ? null : tokens.get(literal);
        if (escapeLiteral == null || escapeLiteral.kind() != Kind.STRING || escapeLiteral.form() == Form.BIT
            || escapeLiteral.form() == Form.HEX || escapeLiteral.form() == Form.UNICODE || escapeLiteral.form() == Form.NATIONAL
            || escapeLiteral.value().length() != 1) {
          problem = "UESCAPE without a one-character string literal at offset " + tokens.get(keyword).start();
          return;
        }
        escape = escapeLiteral.value().charAt(0);
        if (isHexDigit(escape) || escape == '+' || escape == '\'' || escape == '"' || isSpace(escape)) {
          problem = "invalid Unicode escape character at offset " + escapeLiteral.start();
          return;
        }
      }
      String decoded = unicodeDecode(token.value(), escape);
      if (decoded == null) {
        problem = "invalid Unicode escape at offset " + token.start();
        return;
      }
      if (token.kind() == Kind.QUOTED_IDENTIFIER) {
        decoded = truncate(decoded);
      }
      tokens.set(t, new SqlToken(token.kind(), token.form(), token.start(), token.end(), decoded));
    }
  }

  private int nextSignificant(int from) {
    for (int t = from; t < tokens.size(); t++) {
      if (!tokens.get(t).isComment()) {
        return t;
      }
    }
    return -1;
  }

  /** PostgreSQL's str_udeescape: {@code \XXXX}, {@code \+XXXXXX}, {@code \\} (with the given escape), surrogate pairs. */
  private static String unicodeDecode(String raw, char escape) {
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c != escape) {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
        out.append(escape);
        i += 2;
        continue;
      }
      int codePoint;
      if (i + 1 < raw.length() && raw.charAt(i + 1) == '+') {
        codePoint = hexIn(raw, i + 2, 6);
        i += 8;
      } else {
        codePoint = hexIn(raw, i + 1, 4);
        i += 5;
      }
      if (codePoint < 0) {
        return null;
      }
      if (codePoint <= 0xffff && Character.isHighSurrogate((char) codePoint)) {
        int low = -1;
        if (i < raw.length() && raw.charAt(i) == escape) {
          if (i + 1 < raw.length() && raw.charAt(i + 1) == '+') {
            low = hexIn(raw, i + 2, 6);
            i += 8;
          } else {
            low = hexIn(raw, i + 1, 4);
            i += 5;
          }
        }
        if (low < 0 || low > 0xffff || !Character.isLowSurrogate((char) low)) {
          return null;
        }
        codePoint = Character.toCodePoint((char) codePoint, (char) low);
      } else if (!validCodePoint(codePoint)) {
        return null;
      }
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }

  // --- helpers

  private int hex(int from, int digits) {
    return hexIn(sql, from, digits);
  }

  private static int hexIn(String text, int from, int digits) {
    if (from + digits > text.length()) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < from + digits; i++) {
      if (!isHexDigit(text.charAt(i))) {
        return -1;
      }
      value = value * 16 + Character.digit(text.charAt(i), 16);
    }
    return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
  }

  private static boolean validCodePoint(int codePoint) {
    return codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
  }

  /** Truncates an identifier to 63 UTF-8 bytes without splitting a character, as PostgreSQL does (with a NOTICE). */
  static String truncate(String name) {
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + size > MAX_IDENTIFIER_BYTES) {
        return name.substring(0, i);
      }
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return name;
  }

  private int single(Kind kind, int at) {
    return add(kind, null, at, at + 1, kind == Kind.OTHER || kind == Kind.JDBC_MARKER ? null : sql.substring(at, at + 1));
  }

  private int add(Kind kind, Form form, int start, int end, String value) {
    tokens.add(new SqlToken(kind, form, start, end, value));
    return end;
  }

  private void noteVersionDependent(String what) {
    if (versionDependent == null) {
      versionDependent = what;
    }
  }

  private char charAt(int i) {
    return i < length ? sql.charAt(i) : '\0';
  }

  /** PostgreSQL's {@code space}: space, tab, newline, carriage return, form feed. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isNewline(char c) {
    return c == '\n' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** {@code [A-Za-z\200-\377_]}: every non-ASCII character is made of such bytes in UTF-8. */
  static boolean isIdentifierStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierContinue(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isDollarTagStart(char c) {
    return isIdentifierStart(c);
  }

  private static boolean isDollarTagContinue(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }

  static boolean isOperatorChar(char c) {
    return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
  }

  /**
   * The value of a string literal being read: chars, and bytes from octal and hex escapes of an
   * escape string, which together must form UTF-8 (PostgreSQL checks the same, and a zero byte is
   * never allowed).
   */
  private static final class Literal {
    private final boolean escapes;
    /** Characters not yet turned into bytes (all of them, as long as no byte escape was seen). */
    private final StringBuilder pending = new StringBuilder();
    private byte[] bytes;
    private int byteCount;

    Literal(boolean escapes) {
      this.escapes = escapes;
    }

    void append(char c) {
      pending.append(c);
    }

    void appendCodePoint(int codePoint) {
      pending.appendCodePoint(codePoint);
    }

    void appendByte(int value) {
      if (!escapes) {
        throw new IllegalStateException("byte escape outside an escape string");
      }
      if (bytes == null) {
        bytes = new byte[16];
      }
      flush();
      ensure(1);
      bytes[byteCount++] = (byte) value;
    }

    /** Encodes the pending characters at once, so that a surrogate pair stays one character. */
    private void flush() {
      if (pending.length() == 0) {
        return;
      }
      byte[] encoded = pending.toString().getBytes(StandardCharsets.UTF_8);
      pending.setLength(0);
      ensure(encoded.length);
      System.arraycopy(encoded, 0, bytes, byteCount, encoded.length);
      byteCount += encoded.length;
    }

    private void ensure(int more) {
      if (byteCount + more > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, byteCount + more));
      }
    }

    /** The value, or null when byte escapes made invalid UTF-8 or a zero byte. */
    String finish() {
      if (bytes == null) {
        return pending.toString();
      }
      flush();
      for (int i = 0; i < byteCount; i++) {
        if (bytes[i] == 0) {
          return null;
        }
      }
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, byteCount)).toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }
  }
}
