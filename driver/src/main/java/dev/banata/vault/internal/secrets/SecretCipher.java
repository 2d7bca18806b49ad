package dev.banata.vault.internal.secrets;

import dev.banata.vault.internal.crypto.Aead;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.KeyPurpose;
import dev.banata.vault.internal.crypto.KeyRing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals and opens the value of one {@code vault_secret} row: AES-256-GCM with the key for (key version,
 * {@code VAULT_SECRET}, context), a fresh 96-bit IV stored in {@code iv}, ciphertext and tag stored in
 * {@code encrypted_value}, both base64 as the product's data model has them.
 *
 * <p>The associated data binds the row: its id, organization, context and name. A ciphertext (with its IV)
 * copied into another row, or a row whose organization, context or name was edited, does not decrypt.
 *
 * <p>Why not {@link dev.banata.vault.internal.crypto.FieldCipher}: this is another stored format, not a column
 * value. The key version is a column of the row instead of an envelope header, IV and ciphertext are two
 * base64 columns, the plaintext is raw bytes without a type tag, and the associated data is the row's
 * identity rather than the envelope header and a column's context. What the two share is taken, not copied:
 * key derivation and lookup ({@link KeyRing#aead}, purpose {@code VAULT_SECRET}), the AES-GCM primitive
 * ({@link Aead}, whose output {@code IV ‖ ciphertext ‖ tag} is split into the two columns) and the one
 * decryption failure ({@link CryptoException#decryptionFailed()}).
 */
final class SecretCipher {

  /** The IV that starts every {@link Aead} ciphertext (its contract: {@code IV (12 bytes) ‖ ciphertext ‖ tag}). */
  static final int IV_BYTES = 12;
  private static final byte[] LABEL = "banata-vault/secret/v1".getBytes(StandardCharsets.UTF_8);

  private SecretCipher() {}

  /** The columns of a sealed value: key version, base64 IV, base64 ciphertext ‖ tag. */
  record Sealed(int version, String iv, String encryptedValue) {
    @Override
    public String toString() {
      return "Sealed[version=" + version + "]";
    }
  }

  /** The row a value is bound to. */
  record Binding(String secretId, String organizationId, String context, String name) {}

  /** Encrypts {@code plaintext} with the ring's primary version. */
  static Sealed seal(KeyRing ring, Binding binding, byte[] plaintext) {
    return seal(ring, ring.primaryVersion(), binding, plaintext);
  }

  /** Encrypts {@code plaintext} with {@code version} (a rotation's target, which may trail a newer primary). */
  static Sealed seal(KeyRing ring, int version, Binding binding, byte[] plaintext) {
    byte[] output = aead(ring, version, binding.context()).encrypt(plaintext, associatedData(binding));
    Base64.Encoder base64 = Base64.getEncoder();
    return new Sealed(version,
        base64.encodeToString(Arrays.copyOfRange(output, 0, IV_BYTES)),
        base64.encodeToString(Arrays.copyOfRange(output, IV_BYTES, output.length)));
  }

  /**
   * Decrypts a stored value.
   *
   * @throws CryptoException {@code UNKNOWN_KEY_VERSION} when the ring lacks {@code version} (refresh and
   *     retry), {@code DECRYPTION_FAILED} for everything else, including malformed base64
   */
  static byte[] open(KeyRing ring, Binding binding, int version, String iv, String encryptedValue) {
    Aead aead = aead(ring, version, binding.context());
    byte[] ivBytes;
    byte[] body;
    try {
      ivBytes = Base64.getDecoder().decode(iv);
      body = Base64.getDecoder().decode(encryptedValue);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw CryptoException.decryptionFailed();
    }
    if (ivBytes.length != IV_BYTES) {
      throw CryptoException.decryptionFailed();
    }
    byte[] joined = new byte[IV_BYTES + body.length];
    System.arraycopy(ivBytes, 0, joined, 0, IV_BYTES);
    System.arraycopy(body, 0, joined, IV_BYTES, body.length);
    return aead.decrypt(joined, associatedData(binding));
  }

  private static Aead aead(KeyRing ring, int version, String context) {
    // Null and "" cannot be confused: VaultLimits refuses an empty context, and the AAD records presence.
    return ring.aead(version, KeyPurpose.VAULT_SECRET, context == null ? "" : context);
  }

  // label ‖ for each of id, organization, context, name: presence byte, 4-byte length, UTF-8 bytes.
  static byte[] associatedData(Binding binding) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(LABEL);
    field(out, binding.secretId());
    field(out, binding.organizationId());
    field(out, binding.context());
    field(out, binding.name());
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String value) {
    if (value == null) {
      out.write(0);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(1);
    out.write(bytes.length >>> 24);
    out.write(bytes.length >>> 16);
    out.write(bytes.length >>> 8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }
}
