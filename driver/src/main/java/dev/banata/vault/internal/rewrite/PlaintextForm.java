package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.internal.crypto.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How a column's value looks when it is stored as plaintext — before {@code encrypt-existing}, and
 * after {@code decrypt-existing}. In a {@code text} column: the value's text as PostgreSQL prints it
 * ({@link ValueCodec#textForm}: numbers, ISO dates and timestamps, {@code true}/{@code false}, UUIDs,
 * and for {@code bytes} the bytea hex form {@code \x0a1b}), so that {@code ALTER COLUMN ... TYPE
 * <original type> USING col::<type>} restores the original column. In a {@code bytea} column: the raw
 * bytes, or the UTF-8 bytes of the text. This class knows only the column's side; what a typed value is
 * and how text converts to it are {@link ValueCodec}'s.
 */
final class PlaintextForm {

  private static final HexFormat HEX = HexFormat.of();

  private PlaintextForm() {}

  /** The stored plaintext as an input the value codec accepts for {@code type}. */
  static Object toValue(ColumnTarget column, Object stored) {
    ValueType type = column.column().type();
    if (stored instanceof byte[] bytes) {
      return type == ValueType.BYTES ? bytes : new String(bytes, StandardCharsets.UTF_8);
    }
    String text = (String) stored;
    if (type == ValueType.BYTES) {
      if (!text.startsWith("\\x")) {
        throw new UnreadableValue("plaintext of a bytes column stored as text must be in bytea hex form (\\x...)");
      }
      try {
        return HEX.parseHex(text, 2, text.length());
      } catch (IllegalArgumentException e) {
        throw new UnreadableValue("plaintext of a bytes column is not valid bytea hex");
      }
    }
    return text;
  }

  /** The typed value as it is stored in plaintext form in {@code column}. */
  static Object toStored(ColumnTarget column, Object value) {
    if (column.binary()) {
      return value instanceof byte[] bytes ? bytes : ValueCodec.textForm(value).getBytes(StandardCharsets.UTF_8);
    }
    return ValueCodec.textForm(value);
  }
}
