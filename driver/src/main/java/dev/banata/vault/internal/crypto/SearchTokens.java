package dev.banata.vault.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The search tokens of one (master secret, key version, context): keyed, truncated HMAC-SHA256 over
 * a kind byte, a length and UTF-8 text (docs/FORMAT.md, "Search tokens"). The stored text of a search
 * column is the text envelope followed by its token section: {@code "." token} per token, each token
 * 16 characters of lower-case base32 (80 bits), so that neither the section nor a search pattern
 * built from it holds a LIKE or regular-expression character besides the {@code .} between tokens.
 *
 * <p>Which token is which (the {@code kind} byte): {@code 'E'} the whole value, {@code 'P'} the prefix
 * of i code points (i = 1 … length), {@code 'Q'} position i of a value shorter than i (a filler that
 * depends on the whole value and so reveals only what {@code 'E'} does); {@code 'e'}, {@code 'p'},
 * {@code 'q'} the same over the value lower-cased code point by code point.
 */
final class SearchTokens {

  static final int TOKEN_BYTES = 10;
  static final int TOKEN_CHARS = 16;
  static final char DELIMITER = '.';
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final Mac prototype;

  /** @param key the 32-byte HMAC key (purpose {@code field-prefix}); copied */
  SearchTokens(byte[] key) {
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The token section of {@code value} (starting with the delimiter), in the order of docs/FORMAT.md. */
  String section(String value, PrefixIndex index) {
    Mac mac = mac();
    StringBuilder out = new StringBuilder(index.tokenCount() * (TOKEN_CHARS + 1));
    appendSet(out, mac, value, index.length(), 'E', 'P', 'Q');
    if (index.ignoreCase()) {
      appendSet(out, mac, fold(value), index.length(), 'e', 'p', 'q');
    }
    return out.toString();
  }

  /** The token of the whole value ({@code folded}: of the lower-cased value). */
  String exact(String value, boolean folded) {
    return token(mac(), folded ? 'e' : 'E', 0, utf8(folded ? fold(value) : value));
  }

  /** The token of the first {@code length} code points of {@code prefix}, which has exactly that many. */
  String prefix(String prefix, int length, boolean folded) {
    if (prefix.codePointCount(0, prefix.length()) != length || length < 1) {
      throw new IllegalArgumentException("the prefix must have exactly " + length + " code points");
    }
    return token(mac(), folded ? 'p' : 'P', length, utf8(folded ? fold(prefix) : prefix));
  }

  /**
   * True when {@code section} is a well-formed token section: one or more {@code "." + 16 base32}
   * groups and nothing else. Its authenticity is checked by the envelope, which binds it.
   */
  static boolean wellFormed(String text, int from) {
    int length = text.length() - from;
    if (length <= 0 || length % (TOKEN_CHARS + 1) != 0) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean delimiterPlace = (i - from) % (TOKEN_CHARS + 1) == 0;
      if (delimiterPlace ? c != DELIMITER : !((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The lower-case form the {@code ignore-case} tokens are made of: the frozen table of {@link CaseFold},
   * not the running JDK's (whose Unicode version would change tokens between JDKs).
   */
  static String fold(String value) {
    return CaseFold.fold(value);
  }

  private void appendSet(StringBuilder out, Mac mac, String value, int length, char exact, char prefix, char filler) {
    byte[] whole = utf8(value);
    out.append(DELIMITER).append(token(mac, exact, 0, whole));
    int codePoints = value.codePointCount(0, value.length());
    int end = 0;
    for (int i = 1; i <= length; i++) {
      out.append(DELIMITER);
      if (i <= codePoints) {
        end = value.offsetByCodePoints(end, 1);
        out.append(token(mac, prefix, i, utf8(value.substring(0, end))));
      } else {
        out.append(token(mac, filler, i, whole));
      }
    }
  }

  private static String token(Mac mac, char kind, int length, byte[] text) {
    mac.update((byte) kind);
    mac.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    mac.update(text);
    byte[] tag = mac.doFinal();
    try {
      return base32(tag);
    } finally {
      Arrays.fill(tag, (byte) 0);
    }
  }

  /** The first 10 bytes as 16 lower-case RFC 4648 base32 characters (no padding: 80 bits are 16 groups of 5). */
  private static String base32(byte[] bytes) {
    char[] out = new char[TOKEN_CHARS];
    long high = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (bytes[i] & 0xFF);
    }
    long low = 0;
    for (int i = 5; i < 10; i++) {
      low = (low << 8) | (bytes[i] & 0xFF);
    }
    for (int i = 0; i < 8; i++) {
      out[i] = BASE32[(int) (high >>> (35 - 5 * i)) & 31];
      out[8 + i] = BASE32[(int) (low >>> (35 - 5 * i)) & 31];
    }
    return new String(out);
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
