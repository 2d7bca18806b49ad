package dev.banata.vault.internal.crypto;

import dev.banata.vault.annotations.Mode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one place that knows the envelope layout (docs/FORMAT.md). Binary form, for {@code bytea}:
 *
 * <pre>
 * offset  size  field
 * 0       2     marker 0xBA 0x56
 * 2       1     format version 0x01
 * 3       1     mode: 'R' (0x52) randomized, 'D' (0x44) deterministic
 * 4       4     key version, unsigned big-endian, 1 .. 2^31-1
 * 8       12    IV
 * 20      n     ciphertext of the typed plaintext (n >= 1: the type tag)
 * 20+n    16    GCM tag
 * </pre>
 *
 * Text form, for {@code text} columns: {@code "bv1:"} followed by the binary form in unpadded
 * base64url, canonical (unused trailing bits zero), so every envelope has exactly one text form.
 */
final class Envelope {

  static final byte MARKER_0 = (byte) 0xBA;
  static final byte MARKER_1 = (byte) 0x56;
  static final byte FORMAT_VERSION = 1;
  static final byte MODE_RANDOMIZED = 'R';
  static final byte MODE_DETERMINISTIC = 'D';
  static final int HEADER_BYTES = 8;
  static final int OVERHEAD_BYTES = HEADER_BYTES + FramedAead.IV_BYTES + FramedAead.TAG_BYTES;
  /** The smallest envelope: a plaintext of just the type tag. */
  static final int MIN_BYTES = OVERHEAD_BYTES + 1;
  static final String TEXT_PREFIX = "bv1:";
  /** base64url characters that cover the 8 header bytes (12 characters decode to 9 bytes). */
  private static final int TEXT_HEADER_CHARS = 12;
  static final int MIN_TEXT_LENGTH = TEXT_PREFIX.length() + encodedLength(MIN_BYTES);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Envelope() {}

  /** A buffer for an envelope of {@code plaintextLength} bytes, header already written. */
  static byte[] allocate(Mode mode, int version, int plaintextLength) {
    byte[] buffer = new byte[OVERHEAD_BYTES + plaintextLength];
    buffer[0] = MARKER_0;
    buffer[1] = MARKER_1;
    buffer[2] = FORMAT_VERSION;
    buffer[3] = modeByte(mode);
    buffer[4] = (byte) (version >>> 24);
    buffer[5] = (byte) (version >>> 16);
    buffer[6] = (byte) (version >>> 8);
    buffer[7] = (byte) version;
    return buffer;
  }

  static byte modeByte(Mode mode) {
    return mode == Mode.DETERMINISTIC ? MODE_DETERMINISTIC : MODE_RANDOMIZED;
  }

  /** The text starts with the text form's prefix: says only that it is meant to be an envelope. */
  static boolean hasMarker(String text) {
    return text != null && text.startsWith(TEXT_PREFIX);
  }

  /** The bytes start with the binary form's marker: say only that they are meant to be an envelope. */
  static boolean hasMarker(byte[] bytes) {
    return bytes != null && bytes.length >= 2 && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
  }

  /** True when the header is well-formed and the length is possible; says nothing about authenticity. */
  static boolean isEnvelope(byte[] bytes) {
    return bytes != null && bytes.length >= MIN_BYTES && validHeader(bytes);
  }

  private static boolean validHeader(byte[] b) {
    return b[0] == MARKER_0 && b[1] == MARKER_1 && b[2] == FORMAT_VERSION
        && (b[3] == MODE_RANDOMIZED || b[3] == MODE_DETERMINISTIC)
        && version(b) > 0;
  }

  /** The key version field (0 or negative when malformed; callers check {@link #isEnvelope} first). */
  static int version(byte[] b) {
    return ((b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
  }

  static Mode mode(byte[] b) {
    return b[3] == MODE_DETERMINISTIC ? Mode.DETERMINISTIC : Mode.RANDOMIZED;
  }

  /** Cheap check of the text form: prefix, a possible length and a valid header; decodes 12 characters. */
  static boolean isEnvelope(String text) {
    if (text == null) {
      return false;
    }
    // A search column's value: the envelope, then its token section (docs/FORMAT.md, "Search tokens").
    int section = text.indexOf(SearchTokens.DELIMITER);
    int length = section < 0 ? text.length() : section;
    return length >= MIN_TEXT_LENGTH && text.startsWith(TEXT_PREFIX)
        && (length - TEXT_PREFIX.length()) % 4 != 1 && validTextHeader(text)
        && (section < 0 || SearchTokens.wellFormed(text, section));
  }

  /**
   * {@code textHeader(text) != null} without allocating, for the check every encrypted cell of a
   * result passes before it is decrypted: decodes the 12 header characters in registers (the JDK's
   * decoder needs a substring, its bytes and an output array: ≈ 30 ns a cell, 10 % of a short
   * value's decryption). Stricter only in refusing '=' anywhere, as {@link #decodeText} does.
   */
  private static boolean validTextHeader(String text) {
    int at = TEXT_PREFIX.length();
    long first = 0; // characters 0..7: header bytes 0..5
    for (int i = 0; i < 8; i++) {
      int sextet = sextet(text.charAt(at + i));
      if (sextet < 0) {
        return false;
      }
      first = (first << 6) | sextet;
    }
    int second = 0; // characters 8..11: header bytes 6..7 and the first byte after the header
    for (int i = 8; i < TEXT_HEADER_CHARS; i++) {
      int sextet = sextet(text.charAt(at + i));
      if (sextet < 0) {
        return false;
      }
      second = (second << 6) | sextet;
    }
    byte mode = (byte) (first >>> 16);
    int version = (int) ((first & 0xFFFF) << 16) | ((second >>> 8) & 0xFFFF);
    return (byte) (first >>> 40) == MARKER_0 && (byte) (first >>> 32) == MARKER_1 && (byte) (first >>> 24) == FORMAT_VERSION
        && (mode == MODE_RANDOMIZED || mode == MODE_DETERMINISTIC) && version > 0;
  }

  /** The value of a base64url digit, or -1. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : c == '_' ? 63 : -1;
  }

  /** The decoded header bytes of a text envelope, or null when they are not a valid header. */
  static byte[] textHeader(String text) {
    byte[] header;
    try {
      header = DECODER.decode(text.substring(TEXT_PREFIX.length(), TEXT_PREFIX.length() + TEXT_HEADER_CHARS));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return validHeader(header) ? header : null;
  }

  static String toText(byte[] envelope) {
    return TEXT_PREFIX.concat(new String(ENCODER.encode(envelope), StandardCharsets.ISO_8859_1));
  }

  /** The binary form of a text envelope; anything that is not a canonical text envelope fails as "Decryption failed". */
  static byte[] fromText(String text) {
    byte[] decoded = new byte[text == null ? 0 : decodedCapacity(text)];
    int length = decodeText(text, decoded);
    if (length < 0) {
      throw CryptoException.decryptionFailed();
    }
    return java.util.Arrays.copyOfRange(decoded, TEXT_DECODED_OFFSET, TEXT_DECODED_OFFSET + length);
  }

  /** Where {@link #decodeText} puts the envelope in its output: the prefix's place decodes to 3 bytes. */
  static final int TEXT_DECODED_OFFSET = 3;

  /** Room {@link #decodeText} needs for {@code text} (an upper bound). */
  static int decodedCapacity(String text) {
    return text.length() / 4 * 3 + 3;
  }

  /**
   * Decodes a text envelope into {@code out} (at least {@link #decodedCapacity} bytes), the envelope
   * at {@code out[3, 3 + n)}, and returns n, or -1 when the text is not a canonical text envelope with
   * a valid header: a wrong prefix, a character outside base64url (padding included), an impossible
   * length, or unused trailing bits that are not zero (Java's decoder ignores those bits and accepts
   * '=' padding; we accept neither, so a changed character always changes the decoded bytes).
   *
   * <p>Why the detour: the JDK's decoder (intrinsified, ~4x a Java loop at 4 KiB) takes only whole
   * arrays, and the text's bytes are a fresh copy anyway (getBytes; any character outside Latin-1
   * becomes '?', which is no base64url digit). Overwriting the 4-character prefix in that copy with
   * "AAAA" makes the whole copy valid base64url (the prefix's place decodes to 3 zero bytes), so the
   * decoder writes straight into the caller's per-thread array: no output array, no ByteBuffer.
   */
  static int decodeText(String text, byte[] out) {
    if (text == null || text.length() < MIN_TEXT_LENGTH || !text.startsWith(TEXT_PREFIX)) {
      return -1;
    }
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    ascii[0] = 'A';
    ascii[1] = 'A';
    ascii[2] = 'A';
    ascii[3] = 'A';
    int decoded;
    try {
      decoded = DECODER.decode(ascii, out);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    int length = decoded - TEXT_DECODED_OFFSET;
    return canonicalTail(ascii, length) && isEnvelope(out, TEXT_DECODED_OFFSET, length) ? length : -1;
  }

  /** {@link #isEnvelope(byte[])} for the envelope at {@code bytes[offset, offset + length)}. */
  static boolean isEnvelope(byte[] bytes, int offset, int length) {
    return length >= MIN_BYTES && offset + length <= bytes.length
        && bytes[offset] == MARKER_0 && bytes[offset + 1] == MARKER_1 && bytes[offset + 2] == FORMAT_VERSION
        && (bytes[offset + 3] == MODE_RANDOMIZED || bytes[offset + 3] == MODE_DETERMINISTIC)
        && version(bytes, offset) > 0;
  }

  /** The key version field of the envelope at {@code offset}. */
  static int version(byte[] b, int offset) {
    return ((b[offset + 4] & 0xFF) << 24) | ((b[offset + 5] & 0xFF) << 16) | ((b[offset + 6] & 0xFF) << 8)
        | (b[offset + 7] & 0xFF);
  }

  /**
   * The text (prefix included) has exactly the characters of {@code decodedLength} bytes, and the
   * unused low bits of its last character are zero.
   */
  private static boolean canonicalTail(byte[] ascii, int decodedLength) {
    if (decodedLength < 0 || ascii.length - TEXT_PREFIX.length() != encodedLength(decodedLength)) {
      return false;
    }
    int unusedBits = switch (decodedLength % 3) {
      case 1 -> 4;
      case 2 -> 2;
      default -> 0;
    };
    if (unusedBits == 0) {
      return true;
    }
    int last = sextet(ascii[ascii.length - 1]);
    return last >= 0 && (last & ((1 << unusedBits) - 1)) == 0;
  }

  /** The value of an ASCII base64url digit, or -1 (a negative byte is no digit: it widens to no letter). */
  private static int sextet(byte c) {
    return sextet((char) c);
  }

  static int encodedLength(int bytes) {
    return (bytes / 3) * 4 + switch (bytes % 3) {
      case 1 -> 2;
      case 2 -> 3;
      default -> 0;
    };
  }
}
