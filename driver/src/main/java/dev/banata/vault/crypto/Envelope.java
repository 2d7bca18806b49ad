package dev.banata.vault.crypto;

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
    return text != null && text.length() >= MIN_TEXT_LENGTH && text.startsWith(TEXT_PREFIX)
        && (text.length() - TEXT_PREFIX.length()) % 4 != 1 && textHeader(text) != null;
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
    return decoded.length == length ? decoded : java.util.Arrays.copyOf(decoded, length);
  }

  /** Room {@link #decodeText} needs for {@code text} (an upper bound; 0 when it cannot be an envelope). */
  static int decodedCapacity(String text) {
    int chars = text.length() - TEXT_PREFIX.length();
    return chars <= 0 ? 0 : chars / 4 * 3 + 2;
  }

  /**
   * Decodes a text envelope into {@code out} (at least {@link #decodedCapacity} bytes) and returns
   * the envelope's length, or -1 when the text is not a canonical text envelope with a valid header:
   * a wrong prefix, a character outside base64url (padding included), an impossible length, or
   * unused trailing bits that are not zero. The JDK's decoder would need the text copied to bytes
   * and a fresh output array per value and accepts non-canonical tails; this reads the String's
   * characters straight into the caller's (per-thread) buffer, so a changed character always
   * changes the decoded bytes and fails the tag.
   */
  static int decodeText(String text, byte[] out) {
    if (text == null || text.length() < MIN_TEXT_LENGTH || !text.startsWith(TEXT_PREFIX)) {
      return -1;
    }
    int end = text.length();
    int chars = end - TEXT_PREFIX.length();
    int tail = chars & 3;
    if (tail == 1) {
      return -1;
    }
    int fullEnd = end - tail;
    int o = 0;
    // A character outside the alphabet decodes to -1, which makes the combined quantum negative.
    for (int i = TEXT_PREFIX.length(); i < fullEnd; i += 4) {
      int quantum = (sextet(text.charAt(i)) << 18) | (sextet(text.charAt(i + 1)) << 12)
          | (sextet(text.charAt(i + 2)) << 6) | sextet(text.charAt(i + 3));
      if (quantum < 0) {
        return -1;
      }
      out[o] = (byte) (quantum >>> 16);
      out[o + 1] = (byte) (quantum >>> 8);
      out[o + 2] = (byte) quantum;
      o += 3;
    }
    if (tail == 2) {
      int quantum = (sextet(text.charAt(fullEnd)) << 6) | sextet(text.charAt(fullEnd + 1));
      if (quantum < 0 || (quantum & 0xF) != 0) {
        return -1;
      }
      out[o++] = (byte) (quantum >>> 4);
    } else if (tail == 3) {
      int quantum = (sextet(text.charAt(fullEnd)) << 12) | (sextet(text.charAt(fullEnd + 1)) << 6)
          | sextet(text.charAt(fullEnd + 2));
      if (quantum < 0 || (quantum & 0x3) != 0) {
        return -1;
      }
      out[o] = (byte) (quantum >>> 10);
      out[o + 1] = (byte) (quantum >>> 2);
      o += 2;
    }
    return isEnvelope(out, o) ? o : -1;
  }

  /** {@link #isEnvelope(byte[])} for the first {@code length} bytes of {@code bytes}. */
  static boolean isEnvelope(byte[] bytes, int length) {
    return length >= MIN_BYTES && length <= bytes.length && validHeader(bytes);
  }

  /** base64url value of {@code c}, -1 for anything else (padding included). */
  private static int sextet(char c) {
    return c < SEXTETS.length ? SEXTETS[c] : -1;
  }

  private static final int[] SEXTETS = new int[128];

  static {
    java.util.Arrays.fill(SEXTETS, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      SEXTETS[alphabet.charAt(i)] = i;
    }
  }

  static int encodedLength(int bytes) {
    return (bytes / 3) * 4 + switch (bytes % 3) {
      case 1 -> 2;
      case 2 -> 3;
      default -> 0;
    };
  }
}
