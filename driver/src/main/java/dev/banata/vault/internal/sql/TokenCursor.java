package dev.banata.vault.internal.sql;

import java.util.List;

/**
 * Reads a statement's tokens (as {@link SqlScanner} read them, comments aside) one by one, for the
 * few statement forms recognised without the parser ({@link UnnamedIndex}, {@link RowSecuritySwitch}).
 * Each method consumes what it matches and reports whether it did.
 */
final class TokenCursor {

  private final List<SqlToken> tokens;
  private int at;

  TokenCursor(ScannedSql scanned) {
    this.tokens = scanned.tokens().stream().filter(token -> !token.isComment()).toList();
  }

  /** The unquoted keyword {@code keyword}. */
  boolean word(String keyword) {
    if (at < tokens.size() && isKeyword(tokens.get(at), keyword)) {
      at++;
      return true;
    }
    return false;
  }

  /** Any identifier, quoted or not. */
  boolean name() {
    if (at < tokens.size() && isName(tokens.get(at))) {
      at++;
      return true;
    }
    return false;
  }

  /** An identifier that is not one of {@code keywords}. */
  boolean nameOtherThan(String... keywords) {
    if (at < tokens.size() && isName(tokens.get(at)) && !isKeyword(tokens.get(at), keywords)) {
      at++;
      return true;
    }
    return false;
  }

  /** {@code name} or {@code schema.name}. */
  boolean qualifiedName() {
    return name() && (!punctuation(".") || name());
  }

  /** Punctuation or a {@code ;}. */
  boolean punctuation(String text) {
    if (at < tokens.size()) {
      SqlToken token = tokens.get(at);
      if ((token.kind() == SqlToken.Kind.PUNCTUATION || token.kind() == SqlToken.Kind.SEMICOLON) && text.equals(token.value())) {
        at++;
        return true;
      }
    }
    return false;
  }

  /** True at the end of the text, after an optional {@code ;}. */
  boolean end() {
    punctuation(";");
    return at == tokens.size();
  }

  private static boolean isName(SqlToken token) {
    return token.kind() == SqlToken.Kind.IDENTIFIER || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
  }

  private static boolean isKeyword(SqlToken token, String... keywords) {
    if (token.kind() != SqlToken.Kind.IDENTIFIER) {
      return false;
    }
    for (String keyword : keywords) {
      if (keyword.equals(token.value())) {
        return true;
      }
    }
    return false;
  }
}
