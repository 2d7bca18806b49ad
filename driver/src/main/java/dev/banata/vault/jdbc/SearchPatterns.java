package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.crypto.CaseFold;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.sql.LikePattern;
import dev.banata.vault.internal.sql.Rejection;
import dev.banata.vault.internal.sql.SearchPredicate;
import java.sql.SQLException;
import java.util.List;

/**
 * The value sent for a {@link dev.banata.vault.internal.sql.ParameterRole#SEARCH} parameter or literal: a
 * PostgreSQL regular expression that matches a stored value exactly when its token section holds
 * the token the pattern asks for, under any live key version ({@code [.](t1|t2)}). Decided on every
 * execution, when the pattern is known; a pattern the tokens cannot answer is refused (0A000)
 * before anything is sent. Neither the pattern nor anything but tokens reaches the server.
 */
final class SearchPatterns {

  /** Matches every stored (non-NULL) value: the answer to {@code LIKE '%'}. */
  static final String EVERY_VALUE = "^";

  private SearchPatterns() {}

  static String regex(FieldCipher cipher, EncryptedColumn column, SearchPredicate search, Object given) throws SQLException {
    if (!(given instanceof String text)) {
      throw VaultSqlException.refusal(new Rejection(column.table().name(), column.column().name(), Rejection.Reason.PATTERN_MATCH,
          search.operation() + " with a value that is not a string"));
    }
    String value = text;
    int prefixLength = 0;
    if (search.like()) {
      LikePattern pattern = LikePattern.parse(text, search.escape()).orElse(null);
      if (pattern == null || pattern.prefix() && pattern.length() > column.search().prefixLength()) {
        throw VaultSqlException.refusal(new Rejection(column.table().name(), column.column().name(), Rejection.Reason.PATTERN_MATCH,
            LikePattern.refusal(search.operation(), column)));
      }
      if (pattern.prefix() && pattern.length() == 0) {
        return EVERY_VALUE;
      }
      value = pattern.text();
      prefixLength = pattern.prefix() ? pattern.length() : 0;
    }
    if (search.folded() && !CaseFold.covers(value)) {
      // Decided per execution, on this value: the same SQL with another value may be answered.
      throw VaultSqlException.of(search.operation() + " refused on encrypted column " + column.qualifiedName() + ": "
          + CaseFold.RULE + "; a value outside it has no exact case-insensitive answer", VaultSqlState.INVALID_PARAMETER);
    }
    List<String> tokens;
    try {
      tokens = cipher.searchTokens(column.context(), value, prefixLength, search.folded());
    } catch (CryptoException e) {
      throw VaultSqlException.of("search tokens could not be computed for encrypted column " + column.qualifiedName(),
          VaultSqlState.DATA_EXCEPTION);
    }
    // Tokens are lower-case base32 and the stored text's only '.' are token delimiters: [.]token matches
    // exactly one whole token. No backslash, so the text is the same in any string syntax.
    return tokens.size() == 1 ? "[.]" + tokens.get(0) : "[.](" + String.join("|", tokens) + ")";
  }
}
