package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL conditions on a stored value that hold only when the value is an envelope with one of some
 * headers (docs/FORMAT.md: bytes 0-7, marker {@code BA 56}, format 1, mode, key version), so that a
 * pass can leave on the server the rows a {@link ValueRewrite} would leave alone anyway. Each
 * condition is at least as strict as the check in Java it stands for: a value it lets through to
 * the client is only a value read for nothing.
 *
 * <p>Only comparisons of prefixes and lengths, no regular expression or decoding (those cost the
 * server a microsecond or more a value, which on a table with nothing left to do is the whole
 * sweep). A text envelope's header is the base64url of its first 12 characters after {@code bv1:}
 * (9 bytes: the header and the IV's first byte). Characters 0-9 hold header bytes 0-6 and the high
 * half of byte 7; character 10 the low half of byte 7 and two bits of the IV; so the 15 first
 * characters of the text form take one of four strings per header. Compared in the "C" collation:
 * a column with a case-insensitive collation must not match another header.
 */
final class EnvelopeCondition {

  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final int TEXT_PREFIX_CHARS = 15;

  private EnvelopeCondition() {}

  /** A header: a mode and a key version. */
  record Header(Mode mode, int version) {

    byte[] bytes() {
      return new byte[] {(byte) 0xBA, 0x56, 1, (byte) (mode == Mode.DETERMINISTIC ? 'D' : 'R'), (byte) (version >>> 24), (byte) (version >>> 16),
          (byte) (version >>> 8), (byte) version};
    }
  }

  /** The headers of both modes at each of {@code versions}. */
  static List<Header> bothModes(Collection<Integer> versions) {
    List<Header> headers = new ArrayList<>();
    for (int version : versions) {
      for (Mode mode : Mode.values()) {
        headers.add(new Header(mode, version));
      }
    }
    return headers;
  }

  /** The value's header is exactly {@code header}; a text value has {@code tokens} '.' (search tokens). */
  static String exactHeader(ColumnTarget column, String value, Header header, int tokens) {
    String c = inC(value);
    if (column.binary()) {
      return headerIn(column, value, List.of(header));
    }
    return "(" + headerIn(column, value, List.of(header)) + " AND length(" + c + ") - length(replace(" + c + ", '.', '')) = " + tokens + ")";
  }

  /**
   * Stricter than {@code FieldCipher.isEnvelope}: one of {@code headers} (each with a key version of
   * at least 1), a binary value of at least 37 bytes, or a text value without a search-token section
   * of at least 54 characters, of a possible base64 length, whose 12 header characters are base64url.
   */
  static String wellFormed(ColumnTarget column, String value, List<Header> headers) {
    if (headers.stream().anyMatch(h -> h.version() < 1)) {
      throw new IllegalArgumentException("key versions start at 1");
    }
    if (column.binary()) {
      return "(length(" + value + ") >= 37 AND " + headerIn(column, value, headers) + ")";
    }
    String c = inC(value);
    return "(strpos(" + c + ", '.') = 0 AND length(" + c + ") >= 54 AND (length(" + c + ") - 4) % 4 <> 1 AND " + headerIn(column, value, headers)
        + " AND strpos('" + BASE64URL + "', substr(" + c + ", " + (TEXT_PREFIX_CHARS + 1) + ", 1)) > 0)";
  }

  private static String headerIn(ColumnTarget column, String value, List<Header> headers) {
    if (column.binary()) {
      return "(substring(" + value + " from 1 for 8) IN ("
          + headers.stream().map(h -> "decode('" + HexFormat.of().formatHex(h.bytes()) + "', 'hex')").collect(Collectors.joining(", ")) + "))";
    }
    return "(left(" + inC(value) + ", " + TEXT_PREFIX_CHARS + ") IN ("
        + headers.stream().flatMap(h -> textPrefixes(h).stream()).map(p -> "'" + p + "'").collect(Collectors.joining(", ")) + "))";
  }

  /** The four possible first 15 characters of a text envelope with {@code header}: one per value of the IV's two high bits. */
  private static List<String> textPrefixes(Header header) {
    List<String> prefixes = new ArrayList<>();
    for (int high = 0; high < 4; high++) {
      byte[] nine = java.util.Arrays.copyOf(header.bytes(), 9);
      nine[8] = (byte) (high << 6);
      prefixes.add(("bv1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(nine)).substring(0, TEXT_PREFIX_CHARS));
    }
    return prefixes;
  }

  private static String inC(String value) {
    return "(" + value + " COLLATE \"C\")";
  }
}
