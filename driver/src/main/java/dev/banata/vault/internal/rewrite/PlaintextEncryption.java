package dev.banata.vault.internal.rewrite;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.KeyVersion;
import dev.banata.vault.internal.columns.ColumnScale;
import dev.banata.vault.internal.columns.ColumnSearch;
import java.util.List;

/**
 * {@code encrypt-existing}: encrypts every plaintext value (read as described in {@link PlaintextForm})
 * with the ring's primary version; envelopes are left as they are. A plaintext that cannot be read
 * as the column's type is reported, not guessed at.
 */
public final class PlaintextEncryption implements ValueRewrite {

  private final FieldCipher cipher;
  private final List<EnvelopeCondition.Header> headers;

  public PlaintextEncryption(KeyRing ring) {
    this.cipher = FieldCipher.of(ring);
    this.headers = EnvelopeCondition.bothModes(ring.versions().stream().map(KeyVersion::version).toList());
  }

  @Override
  public Object rewrite(ColumnTarget column, Object stored) {
    if (FieldCipher.isEnvelope(stored)) {
      return null;
    }
    EncryptedColumn config = column.column();
    Object value = PlaintextForm.toValue(column, stored);
    FoldableText.require(config, value);
    try {
      value = ColumnScale.apply(config, value);
      return cipher.encrypt(column.binary(), config.mode(), config.context(), config.type(), value, ColumnSearch.prefixIndex(config));
    } catch (CryptoException e) {
      throw new UnreadableValue("plaintext cannot be read as " + config.type().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Envelopes of the ring's versions that pass a check stricter than {@link FieldCipher#isEnvelope}: {@link #rewrite} leaves them. */
  @Override
  public String leftAloneSql(ColumnTarget column, String value) {
    return EnvelopeCondition.wellFormed(column, value, headers);
  }
}
