package dev.banata.vault.samples.quickstart;

import java.util.Base64;

/**
 * Reads what the database holds in an encrypted text column, by the published format (docs/FORMAT.md,
 * "Text form"): {@code "bv1:" + base64url(envelope)}, the envelope starting with the marker
 * {@code 0xBA 0x56}, the format version 1, the mode, and the key version (4 bytes, big-endian). Only to
 * show what is stored: it decrypts nothing and proves nothing about authenticity (only decryption does).
 */
final class StoredCiphertext {

  private static final String PREFIX = "bv1:";
  /** 12 base64 characters are the 9 bytes that hold the 8-byte header. */
  private static final int HEADER_CHARS = 12;

  private StoredCiphertext() {}

  /** Whether {@code stored} looks like an envelope (prefix and header), as opposed to plaintext. */
  static boolean isEnvelope(String stored) {
    return header(stored) != null;
  }

  /** The key version written in the envelope's header. */
  static int keyVersionOf(String stored) {
    byte[] header = header(stored);
    if (header == null) {
      throw new IllegalArgumentException("not a vault envelope");
    }
    return ((header[4] & 0xFF) << 24) | ((header[5] & 0xFF) << 16) | ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
  }

  private static byte[] header(String stored) {
    if (stored == null || !stored.startsWith(PREFIX) || stored.length() < PREFIX.length() + HEADER_CHARS) {
      return null;
    }
    byte[] header;
    try {
      header = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length(), PREFIX.length() + HEADER_CHARS));
    } catch (IllegalArgumentException e) {
      return null;
    }
    boolean valid = (header[0] & 0xFF) == 0xBA && (header[1] & 0xFF) == 0x56 && header[2] == 1
        && (header[3] == 'R' || header[3] == 'D') && header[4] >= 0;
    return valid ? header : null;
  }
}
