package dev.banata.vault.internal.sql;

/**
 * One token of SQL text as PostgreSQL (behind pgjdbc) reads it: what it is, where it is
 * ({@code [start, end)} in the application's SQL string) and, for identifiers and literals, what
 * the server makes of it.
 *
 * <p>{@link #value()} of a string literal is its decoded value (quotes, doubled quotes and escapes
 * resolved), so it may be plaintext of an encrypted column: a token is never part of a message or a
 * log, and {@link #toString()} does not show the value of a literal.
 *
 * @param kind what the token is
 * @param form for {@link Kind#STRING} and {@link Kind#QUOTED_IDENTIFIER}: how it was written; else null
 * @param start offset of the first character
 * @param end offset after the last character
 * @param value identifier as the server stores it (folded, truncated), decoded literal, operator
 *     text as the server receives it (pgjdbc turns {@code ??} into {@code ?}); null for others
 */
record SqlToken(Kind kind, Form form, int start, int end, String value) {

  enum Kind {
    /** {@code -- ...} up to the end of the line (not including it). */
    LINE_COMMENT,
    /** {@code /* ... *}{@code /}, nested as PostgreSQL nests them. */
    BLOCK_COMMENT,
    /** An unquoted identifier or keyword; value folded to lower case (ASCII only) and truncated. */
    IDENTIFIER,
    /** {@code "..."} or {@code U&"..."}; value decoded and truncated. */
    QUOTED_IDENTIFIER,
    /** Any string constant: {@code '...'}, {@code E'...'}, {@code $tag$...$tag$}, {@code U&'...'}, {@code N'...'}, {@code B'...'}, {@code X'...'}. */
    STRING,
    /** An integer, decimal or real constant. */
    NUMBER,
    /** A positional parameter {@code $n} written in the SQL. */
    PARAMETER,
    /** A JDBC parameter marker {@code ?} (pgjdbc turns it into {@code $n}). */
    JDBC_MARKER,
    /** An operator, including single characters such as {@code +} and {@code =}, {@code ::}, {@code :=}, {@code ..}. */
    OPERATOR,
    /** {@code , ( ) [ ] . :} */
    PUNCTUATION,
    /** {@code ;}: a statement boundary. */
    SEMICOLON,
    /** A character that is none of the above ({@code \}, {@code {}, a lone {@code $}, ...). */
    OTHER
  }

  /** How a string constant or quoted identifier was written. */
  enum Form {
    /** {@code '...'} read with standard_conforming_strings on: backslash is an ordinary character. */
    STANDARD,
    /** {@code E'...'}, or {@code '...'} read with standard_conforming_strings off: backslash escapes. */
    ESCAPE,
    /** {@code N'...'}: a national character string (read like an ordinary string). */
    NATIONAL,
    /** {@code $tag$...$tag$}: no escapes at all. */
    DOLLAR,
    /** {@code U&'...'} or {@code U&"..."}, with {@code UESCAPE} if given. */
    UNICODE,
    /** {@code B'...'}: value is the bits as written. */
    BIT,
    /** {@code X'...'}: value is the hex digits as written. */
    HEX,
    /** {@code "..."}. */
    QUOTED
  }

  boolean isComment() {
    return kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
  }

  /** The token as written in {@code sql} (the string it was scanned from). */
  String text(String sql) {
    return sql.substring(start, end);
  }

  @Override
  public String toString() {
    // No value: a literal's value can be the plaintext of an encrypted column.
    return kind + (form == null ? "" : "/" + form) + "[" + start + "," + end + ")";
  }
}
