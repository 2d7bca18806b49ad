package dev.banata.vault.internal.rewrite;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.columns.ColumnSearch;
import dev.banata.vault.internal.crypto.CaseFold;

/**
 * An ignore-case search column holds only text its frozen case folding covers
 * ({@link ColumnSearch#canStore}); the driver refuses other values on write. A job meets such values
 * in rows written before the column became ignore-case: it leaves them as they are and lists them
 * (exit 1), so the rest of the table is rewritten and the operator learns which rows to change,
 * instead of the job failing on the first.
 */
final class FoldableText {

  private FoldableText() {}

  static void require(EncryptedColumn column, Object value) {
    if (!ColumnSearch.canStore(column, value)) {
      throw new UnreadableValue("the value cannot get ignore-case search tokens: " + CaseFold.RULE
          + "; change the value (through the driver, under the configuration without ignore-case) or drop ignore-case");
    }
  }
}
