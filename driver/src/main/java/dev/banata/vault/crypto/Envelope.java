package dev.banata.vault.crypto;

import dev.banata.vault.annotations.Mode;
import java.nio.ByteBuffer;
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
    // The header is checked on the decoded bytes below; no separate decode of it here.
    if (text == null || text.length() < MIN_TEXT_LENGTH || !text.startsWith(TEXT_PREFIX)) {
      throw CryptoException.decryptionFailed();
    }
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    int bodyLength = ascii.length - TEXT_PREFIX.length();
    byte[] decoded;
    try {
      ByteBuffer out = DECODER.decode(ByteBuffer.wrap(ascii, TEXT_PREFIX.length(), bodyLength));
      decoded = out.array().length == out.remaining() ? out.array() : toArray(out);
    } catch (IllegalArgumentException e) {
      throw CryptoException.decryptionFailed();
    }
    if (!canonicalTail(ascii, decoded.length) || !isEnvelope(decoded)) {
      throw CryptoException.decryptionFailed();
    }
    return decoded;
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /**
   * Java's decoder ignores the unused low bits of the last character and accepts '=' padding; we
   * accept neither, so a changed character always changes the decoded bytes (and fails the tag).
   */
  private static boolean canonicalTail(byte[] ascii, int decodedLength) {
    int expectedChars = encodedLength(decodedLength);
    if (ascii.length - TEXT_PREFIX.length() != expectedChars) {
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

  private static int sextet(byte c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }

  static int encodedLength(int bytes) {
    return (bytes / 3) * 4 + switch (bytes % 3) {
      case 1 -> 2;
      case 2 -> 3;
      default -> 0;
    };
  }
}
