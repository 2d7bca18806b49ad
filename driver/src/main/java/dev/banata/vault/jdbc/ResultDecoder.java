package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import dev.banata.vault.config.PlaintextReadPolicy;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.sql.ResultColumn;
import dev.banata.vault.internal.sql.Storage;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reads one encrypted result column of the current row: fetches the stored envelope (text or
 * bytea), decrypts it into the column's typed value, and decides what happens to a value that is
 * not an envelope ({@code plaintext-reads}).
 */
final class ResultDecoder {

  private final ColumnCrypto crypto;
  private final boolean plaintextAllowed;
  /**
   * One decryptor per configured column, shared by every result and thread (a decryptor keeps only
   * its column and the last key it used, immutable, checked against the live ring on every cell):
   * a result does not make one per column. By identity: plans hold the configuration's columns.
   * Filled here and never changed, so read without a lock.
   */
  private final Map<EncryptedColumn, ColumnCrypto.ColumnDecryptor> decryptors = new IdentityHashMap<>();

  ResultDecoder(ColumnCrypto crypto, VaultConfig config) {
    this.crypto = crypto;
    this.plaintextAllowed = config.plaintextReads() == PlaintextReadPolicy.ALLOW;
    for (EncryptedTableSpec table : config.tables()) {
      for (EncryptedColumn column : table.encryptedColumns()) {
        decryptors.put(column, crypto.decryptor(column));
      }
    }
  }

  /** The decryptor of {@code column}'s cells. */
  ColumnCrypto.ColumnDecryptor decryptor(ResultColumn column) {
    ColumnCrypto.ColumnDecryptor shared = decryptors.get(column.column());
    return shared != null ? shared : crypto.decryptor(column.column());
  }

  /**
   * The typed value ({@code ValueType}'s Java type) of column {@code index}, or null for SQL NULL;
   * {@code decryptor} is {@link #decryptor(ResultColumn)} of {@code column}.
   */
  Object read(ResultSet delegate, int index, ResultColumn column, ColumnCrypto.ColumnDecryptor decryptor) throws SQLException {
    if (column.storage() == Storage.BYTEA) {
      byte[] stored = delegate.getBytes(index);
      if (stored == null) {
        return null;
      }
      if (!FieldCipher.hasEnvelopeMarker(stored)) {
        return plaintext(column, stored);
      }
      return decryptor.decrypt(stored);
    }
    String stored = delegate.getString(index);
    if (stored == null) {
      return null;
    }
    if (!FieldCipher.hasEnvelopeMarker(stored)) {
      return plaintext(column, stored);
    }
    return decryptor.decrypt(stored);
  }

  private Object plaintext(ResultColumn column, Object stored) throws SQLException {
    if (!plaintextAllowed) {
      throw VaultSqlException.of("encrypted column " + column.column().qualifiedName()
          + " holds a value that is not ciphertext (not migrated yet?); set plaintext-reads: allow while running encrypt-existing",
          VaultSqlState.DATA_EXCEPTION);
    }
    // While migrating, a not-yet-encrypted value is read as the column's type.
    return stored instanceof byte[] bytes && column.column().type() != dev.banata.vault.annotations.ValueType.BYTES
        ? new String(bytes, StandardCharsets.UTF_8)
        : stored;
  }
}
