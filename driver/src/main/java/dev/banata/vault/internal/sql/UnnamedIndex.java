package dev.banata.vault.internal.sql;

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

  private UnnamedIndex() {}

  /** True when {@code scanned} is exactly one such statement (a trailing {@code ;} allowed). */
  static boolean matches(ScannedSql scanned) {
    if (!scanned.readable()) {
      return false;
    }
    TokenCursor tokens = new TokenCursor(scanned);
    if (!tokens.word("create")) {
      return false;
    }
    tokens.word("unique");
    if (!tokens.word("index")) {
      return false;
    }
    tokens.word("concurrently");
    if (!tokens.word("on")) {
      return false;
    }
    tokens.word("only");
    if (!tokens.qualifiedName() || tokens.word("using") && !tokens.name() || !columns(tokens, true)) {
      return false;
    }
    return (!tokens.word("include") || columns(tokens, false)) && tokens.end();
  }

  /** {@code (element, ...)}; an index element may carry an operator class, an order and a nulls order. */
  private static boolean columns(TokenCursor tokens, boolean indexElements) {
    if (!tokens.punctuation("(")) {
      return false;
    }
    do {
      if (!tokens.name()) {
        return false;
      }
      if (indexElements) {
        tokens.nameOtherThan("asc", "desc", "nulls");
        if (!tokens.word("asc")) {
          tokens.word("desc");
        }
        if (tokens.word("nulls") && !tokens.word("first") && !tokens.word("last")) {
          return false;
        }
      }
    } while (tokens.punctuation(","));
    return tokens.punctuation(")");
  }
}
