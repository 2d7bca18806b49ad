package dev.banata.vault.internal.columns;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.crypto.ValueCodec;

/**
 * A decimal column's {@code scale}, applied the same by every writer (the driver's statements, the
 * rewrite jobs): a value is encrypted at the column's scale, so that equal amounts written as 1.5 and
 * 1.50, or before the column had its scale, have equal ciphertexts and equality finds them.
 */
public final class ColumnScale {

  private ColumnScale() {}

  /** {@code value} as {@code column} stores it: at the column's scale when it has one, else as it is. */
  public static Object apply(EncryptedColumn column, Object value) {
    return column.scale().isPresent() && value != null ? ValueCodec.atScale(value, column.scale().getAsInt()) : value;
  }
}
