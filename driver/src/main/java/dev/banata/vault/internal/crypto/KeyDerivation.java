package dev.banata.vault.internal.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA256 (RFC 5869, Bouncy Castle) with this project's fixed salt and info layout. The layout
 * is specified in {@code docs/FORMAT.md}; changing anything here makes every stored value
 * undecryptable, so the constants are covered by the FORMAT.md vector test.
 *
 * <pre>
 * salt = UTF-8("banata-vault/hkdf-salt/v1")
 * info = UTF-8("banata-vault/v1/" + purpose label) || 0x00 || uint32_be(version) || UTF-8(context)
 * fingerprint info = UTF-8("banata-vault/v1/fingerprint")
 * </pre>
 */
final class KeyDerivation {

  static final byte[] SALT = ascii("banata-vault/hkdf-salt/v1");
  static final String INFO_PREFIX = "banata-vault/v1/";
  static final byte[] FINGERPRINT_INFO = ascii(INFO_PREFIX + "fingerprint");
  static final int FINGERPRINT_BYTES = 8;

  private KeyDerivation() {}

  /** RFC 5869 HKDF-SHA256 (extract and expand); exposed for the RFC test vectors. */
  static byte[] hkdfSha256(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(inputKeyMaterial, salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  /** Key material for one (version, purpose, context); the caller owns (and should wipe) the result. */
  static byte[] deriveKeyBytes(byte[] secret, int version, KeyPurpose purpose, String context, int length) {
    return hkdfSha256(secret, SALT, info(version, purpose, context), length);
  }

  static byte[] info(int version, KeyPurpose purpose, String context) {
    byte[] label = ascii(INFO_PREFIX + purpose.label());
    byte[] ctx = context.getBytes(StandardCharsets.UTF_8);
    byte[] info = new byte[label.length + 1 + 4 + ctx.length];
    System.arraycopy(label, 0, info, 0, label.length);
    int at = label.length;
    info[at++] = 0;
    info[at++] = (byte) (version >>> 24);
    info[at++] = (byte) (version >>> 16);
    info[at++] = (byte) (version >>> 8);
    info[at++] = (byte) version;
    System.arraycopy(ctx, 0, info, at, ctx.length);
    return info;
  }

  /** A non-secret, stable identifier of a master secret: 8 HKDF output bytes as 16 hex digits. */
  static String fingerprint(byte[] secret) {
    byte[] fp = hkdfSha256(secret, SALT, FINGERPRINT_INFO, FINGERPRINT_BYTES);
    StringBuilder hex = new StringBuilder(FINGERPRINT_BYTES * 2);
    for (byte b : fp) {
      hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return hex.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
