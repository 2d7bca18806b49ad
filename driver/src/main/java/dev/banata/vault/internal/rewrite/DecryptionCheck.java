package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.crypto.FieldCipher;

/**
 * {@code verify}: decrypts every envelope (and throws away the value); a plaintext value counts as a
 * failure when the configuration has the driver reject plaintext reads, because the application
 * would then fail on it. Never writes.
 */
public final class DecryptionCheck implements ValueRewrite {

  private final FieldCipher cipher;
  private final boolean plaintextIsFailure;

  public DecryptionCheck(FieldCipher cipher, boolean plaintextIsFailure) {
    this.cipher = cipher;
    this.plaintextIsFailure = plaintextIsFailure;
  }

  @Override
  public Object rewrite(ColumnTarget column, Object stored) {
    if (FieldCipher.isEnvelope(stored)) {
      Decryption.decrypt(cipher, column, stored);
    } else if (plaintextIsFailure) {
      throw new UnreadableValue("plaintext (the configuration has plaintext-reads: reject; run encrypt-existing)");
    }
    return null;
  }
}
