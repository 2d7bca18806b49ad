package dev.banata.vault.internal.rewrite;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.columns.ColumnScale;
import dev.banata.vault.internal.columns.ColumnSearch;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.PrefixIndex;
import dev.banata.vault.internal.crypto.KeyRing;

/**
 * {@code rotate}: re-encrypts every envelope older than the ring's primary version — and every
 * envelope whose mode is not the column's configured mode, so a mode change in the configuration is
 * carried out by a rotation; and every text envelope whose token section does not have the number of
 * search tokens the column's configuration gives (written before {@code search: prefix}, or under another
 * prefix-length or ignore-case), so a rotation also completes the search tokens. Envelopes of a newer version than the target (another rotation started
 * meanwhile) and plaintext (the business of {@code encrypt-existing}) are left as they are.
 */
public final class ReEncryption implements ValueRewrite {

  private final FieldCipher cipher;
  private final int target;

  public ReEncryption(KeyRing ring) {
    this.cipher = FieldCipher.of(ring);
    this.target = ring.primaryVersion();
  }

  int targetVersion() {
    return target;
  }

  @Override
  public Object rewrite(ColumnTarget column, Object stored) {
    EncryptedColumn config = column.column();
    PrefixIndex index = ColumnSearch.prefixIndex(config);
    if (!FieldCipher.isEnvelope(stored) || isCurrent(stored, config.mode(), index == null ? 0 : index.tokenCount())) {
      return null;
    }
    Object value = Decryption.decrypt(cipher, column, stored);
    value = ColumnScale.apply(config, value); // a value written before the column had its scale is rewritten at it
    FoldableText.require(config, value);
    return cipher.encrypt(column.binary(), config.mode(), config.context(), config.type(), value, index);
  }

  /**
   * Exactly the values {@link #isCurrent} at the target version: its header (mode and version) and,
   * for text, its number of search tokens. Newer versions are read and left by {@link #rewrite}.
   */
  @Override
  public String leftAloneSql(ColumnTarget column, String value) {
    EncryptedColumn config = column.column();
    PrefixIndex index = ColumnSearch.prefixIndex(config);
    return EnvelopeCondition.exactHeader(column, value, new EnvelopeCondition.Header(config.mode(), target), index == null ? 0 : index.tokenCount());
  }

  /** The '.' of a stored text value are its token delimiters (base64url has none). */
  private static int tokenCount(String stored) {
    int count = 0;
    for (int i = stored.indexOf('.'); i >= 0; i = stored.indexOf('.', i + 1)) {
      count++;
    }
    return count;
  }

  private boolean isCurrent(Object stored, Mode wanted, int tokens) {
    return FieldCipher.keyVersionOf(stored) >= target && FieldCipher.modeOf(stored) == wanted
        && (!(stored instanceof String text) || tokenCount(text) == tokens);
  }
}
