package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import java.util.HexFormat;

/**
 * SQL conditions on a stored value that hold only when the value is an envelope with a given header
 * (docs/FORMAT.md: bytes 0-7, marker {@code BA 56}, format 1, mode, key version), so that a pass can
 * leave on the server the rows a {@link ValueRewrite} would leave alone anyway. Each condition is at
 * least as strict as the check in Java it stands for: a value it lets through to the client is only
 * a value read for nothing.
 *
 * <p>The text form's header is the base64url of its first 12 characters after {@code bv1:} (9 bytes:
 * the header and the IV's first byte); the server decodes them only after a regular expression
 * proved them base64url, inside a {@code CASE} so that no other value is ever decoded.
 */
final class EnvelopeCondition {

  private static final String MODES = "IN (decode('ba560152', 'hex'), decode('ba560144', 'hex'))";

  private EnvelopeCondition() {}

  /** The value's header is exactly {@code mode} at key version {@code version}; a text value has {@code tokens} '.' (search tokens). */
  static String exactHeader(ColumnTarget column, String value, Mode mode, int version, int tokens) {
    String header = "decode('" + hex(mode, version) + "', 'hex')";
    if (column.binary()) {
      return "(substring(" + value + " from 1 for 8) = " + header + ")";
    }
    return "(CASE WHEN " + value + " ~ '^bv1:[A-Za-z0-9_-]{12}' THEN " + textHeader(value) + " = " + header
        + " AND length(" + value + ") - length(replace(" + value + ", '.', '')) = " + tokens + " ELSE false END)";
  }

  /**
   * Stricter than {@code FieldCipher.isEnvelope}: a binary value of at least 37 bytes, or a text value
   * of only base64url after {@code bv1:} (no search-token section), at least 54 characters, of a
   * possible base64 length; and a valid header (either mode, key version 1 … 2³¹−1).
   */
  static String wellFormed(ColumnTarget column, String value) {
    if (column.binary()) {
      return "(length(" + value + ") >= 37 AND " + validHeader("substring(" + value + " from 1 for 8)") + ")";
    }
    return "(CASE WHEN " + value + " ~ '^bv1:[A-Za-z0-9_-]{50,}$' AND (length(" + value + ") - 4) % 4 <> 1 THEN "
        + validHeader(textHeader(value)) + " ELSE false END)";
  }

  private static String textHeader(String value) {
    return "substring(decode(translate(substr(" + value + ", 5, 12), '-_', '+/'), 'base64') from 1 for 8)";
  }

  /** Marker, format 1, a known mode, and a key version above zero (bytes 4-7, unsigned, below 2³¹). */
  private static String validHeader(String header) {
    return "(substring(" + header + " from 1 for 4) " + MODES + " AND get_byte(" + header + ", 4) < 128 AND substring(" + header
        + " from 5 for 4) <> decode('00000000', 'hex'))";
  }

  private static String hex(Mode mode, int version) {
    byte[] header = {(byte) 0xBA, 0x56, 1, (byte) (mode == Mode.DETERMINISTIC ? 'D' : 'R'), (byte) (version >>> 24), (byte) (version >>> 16),
        (byte) (version >>> 8), (byte) version};
    return HexFormat.of().formatHex(header);
  }
}
