package dev.banata.vault.internal.crypto;

import java.util.HexFormat;

/** Hex for test vectors. */
final class Hex {

  private Hex() {}

  static byte[] decode(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  static String encode(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code count} bytes counting up from {@code first}, as RFC 5869's test cases write them. */
  static byte[] ascending(int first, int count) {
    byte[] out = new byte[count];
    for (int i = 0; i < count; i++) {
      out[i] = (byte) (first + i);
    }
    return out;
  }
}
