package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.crypto.FieldCipher;

/**
 * {@code decrypt-existing}: replaces every envelope with its plaintext in {@link PlaintextForm}, to
 * roll back an adoption. Plaintext is left as it is.
 */
public final class PlaintextRestoration implements ValueRewrite {

  private final FieldCipher cipher;

  public PlaintextRestoration(FieldCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public Object rewrite(ColumnTarget column, Object stored) {
    if (!FieldCipher.isEnvelope(stored)) {
      return null;
    }
    return PlaintextForm.toStored(column, Decryption.decrypt(cipher, column, stored));
  }
}
