package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.internal.columns.ColumnScale;
import dev.banata.vault.internal.columns.ColumnSearch;
import dev.banata.vault.internal.crypto.CaseFold;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.keys.KeyRingSource;
import dev.banata.vault.internal.metrics.VaultMetricsAccess;
import dev.banata.vault.internal.sql.SearchPredicate;
import dev.banata.vault.internal.sql.Storage;
import dev.banata.vault.metrics.VaultMetrics;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@link FieldCipher} seen from JDBC, and only its error face: encrypts a value for an encrypted
 * column in the column's storage and decrypts a stored envelope into the column's typed value, with the
 * column's configuration (scale, search tokens, case folding) applied. Every rule of the stored form is
 * the field cipher's; this class adds what JDBC needs: crypto failures become {@link VaultSqlException}s
 * whose messages name the column and never the value, and an envelope of a key version the ring does not
 * know makes the key source re-read the versions before the decryption is tried once more. The jobs'
 * face of the same cipher is {@code rewrite.Decryption}.
 */
final class ColumnCrypto {

  private final KeyRingSource keys;
  private final FieldCipher cipher;
  private final VaultMetrics metrics;

  ColumnCrypto(KeyRingSource keys, VaultMetrics metrics) {
    this.keys = keys;
    this.cipher = new FieldCipher(keys);
    this.metrics = metrics;
  }

  /** One ciphertext at the primary key version: a String for TEXT storage, a byte[] for BYTEA. */
  Object encrypt(EncryptedColumn column, Storage storage, Object given) throws SQLException {
    refuseUnfoldable(column, given);
    try {
      Object value = ColumnScale.apply(column, given);
      return cipher.encrypt(storage == Storage.BYTEA, column.mode(), column.context(), column.type(), value, ColumnSearch.prefixIndex(column));
    } catch (CryptoException e) {
      throw failure(column, "encrypt", e);
    }
  }

  /** One deterministic ciphertext per live key version, primary first (an equality match during a rotation). */
  List<?> matchCandidates(EncryptedColumn column, Storage storage, Object given) throws SQLException {
    refuseUnfoldable(column, given);
    try {
      Object value = ColumnScale.apply(column, given);
      return cipher.deterministicCandidates(storage == Storage.BYTEA, column.context(), column.type(), value, ColumnSearch.prefixIndex(column));
    } catch (CryptoException e) {
      throw failure(column, "encrypt", e);
    }
  }

  /**
   * Refuses (22023) what an ignore-case column cannot store ({@link ColumnSearch#canStore}). The message
   * names the column and the rule, never the value.
   */
  static void refuseUnfoldable(EncryptedColumn column, Object given) throws SQLException {
    if (!ColumnSearch.canStore(column, given)) {
      throw VaultSqlException.of("value refused for encrypted column " + column.qualifiedName() + ": " + CaseFold.RULE,
          VaultSqlState.INVALID_PARAMETER);
    }
  }

  /** The regular expression sent for a search pattern or value (see {@link SearchPatterns}). */
  String searchPattern(EncryptedColumn column, SearchPredicate search, Object given) throws SQLException {
    return SearchPatterns.regex(cipher, column, search, given);
  }

  /** A decryptor of {@code column}'s cells (see {@link ColumnDecryptor}); {@link ResultDecoder} keeps one per configured column. */
  ColumnDecryptor decryptor(EncryptedColumn column) {
    return new ColumnDecryptor(column, cipher.reader(column.mode(), column.context(), column.type()));
  }

  /**
   * Decrypts the stored envelopes of one column into its typed value. Shared by the results of every
   * thread (it holds the column and the last key used, an immutable pair checked against the live ring
   * on every cell), so the key of a (context, version) is looked up once, not per cell or per result;
   * a refreshed ring (below) is a new ring, and the key is looked up again.
   */
  final class ColumnDecryptor {

    private final EncryptedColumn column;
    private final FieldCipher.ColumnReader reader;

    private ColumnDecryptor(EncryptedColumn column, FieldCipher.ColumnReader reader) {
      this.column = column;
      this.reader = reader;
    }

    /** The typed value of {@code stored}, an envelope as the column stores it ({@code String} or {@code byte[]}). */
    Object decrypt(Object stored) throws SQLException {
      try {
        return reader.decrypt(stored);
      } catch (CryptoException e) {
        if (e.reason() != CryptoException.Reason.UNKNOWN_KEY_VERSION) {
          throw decryptionFailure(column, e);
        }
      }
      keys.refreshNow();
      try {
        return reader.decrypt(stored);
      } catch (CryptoException e) {
        throw decryptionFailure(column, e);
      }
    }
  }

  /** Counted by column (never the value), then reported as {@link #failure}. */
  private SQLException decryptionFailure(EncryptedColumn column, CryptoException e) {
    VaultMetricsAccess.decryptionFailed(metrics, column.table().name(), column.column().name());
    return failure(column, "decrypt", e);
  }

  private static SQLException failure(EncryptedColumn column, String operation, CryptoException e) {
    String reason = switch (e.reason()) {
      case DECRYPTION_FAILED, UNKNOWN_KEY_VERSION -> CryptoException.DECRYPTION_FAILED;
      default -> e.getMessage();
    };
    // The crypto layer's messages never carry values; the cause is not attached all the same. No
    // prefix: "Decryption failed" with the column is the one message every damaged value gives (docs/SECURITY.md).
    return new VaultSqlException(reason + " (" + operation + " of encrypted column " + column.qualifiedName() + ")",
        VaultSqlState.of(e.reason()));
  }
}
