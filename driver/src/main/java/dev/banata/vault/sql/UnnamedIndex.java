package dev.banata.vault.sql;

import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] ON [ONLY] table [USING method]
 * (column [opclass] [ASC | DESC] [NULLS FIRST | LAST], ...) [INCLUDE (column, ...)]}: an index
 * without a name, which JSqlParser 5.3 cannot read (schema.sql files of many applications have
 * them). Recognised on {@link SqlScanner}'s tokens, so it is read exactly as the server reads it;
 * every index element is a bare column, so the server computes nothing on a ciphertext and no
 * value is in the text. Anything more (an expression, a {@code WHERE}, {@code WITH (...)}) is not
 * this form and stays unparseable.
 */
final class UnnamedIndex {

  private final List<SqlToken> tokens;
  private int at;

  private UnnamedIndex(ScannedSql scanned) {
    this.tokens = scanned.tokens().stream().filter(token -> !token.isComment()).toList();
  }

  /** True when {@code scanned} is exactly one such statement (a trailing {@code ;} allowed). */
  static boolean matches(ScannedSql scanned) {
    return scanned.readable() && new UnnamedIndex(scanned).statement();
  }

  private boolean statement() {
    if (!word("create")) {
      return false;
    }
    word("unique");
    if (!word("index")) {
      return false;
    }
    word("concurrently");
    if (!word("on")) {
      return false;
    }
    word("only");
    if (!name()) {
      return false;
    }
    if (punctuation(".") && !name()) {
      return false;
    }
    if (word("using") && !name()) {
      return false;
    }
    if (!columns(true)) {
      return false;
    }
    if (word("include") && !columns(false)) {
      return false;
    }
    punctuation(";");
    return at == tokens.size();
  }

  /** {@code (element, ...)}; an index element may carry an operator class, an order and a nulls order. */
  private boolean columns(boolean indexElements) {
    if (!punctuation("(")) {
      return false;
    }
    do {
      if (!name()) {
        return false;
      }
      if (indexElements) {
        if (at < tokens.size() && isName(tokens.get(at)) && !isKeyword(tokens.get(at), "asc", "desc", "nulls")) {
          at++;
        }
        if (!word("asc")) {
          word("desc");
        }
        if (word("nulls") && !word("first") && !word("last")) {
          return false;
        }
      }
    } while (punctuation(","));
    return punctuation(")");
  }

  private boolean name() {
    if (at < tokens.size() && isName(tokens.get(at))) {
      at++;
      return true;
    }
    return false;
  }

  private boolean word(String keyword) {
    if (at < tokens.size() && isKeyword(tokens.get(at), keyword)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean punctuation(String text) {
    if (at < tokens.size()) {
      SqlToken token = tokens.get(at);
      if ((token.kind() == SqlToken.Kind.PUNCTUATION || token.kind() == SqlToken.Kind.SEMICOLON) && text.equals(token.value())) {
        at++;
        return true;
      }
    }
    return false;
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
