package dev.banata.vault.internal.rewrite;

import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.FieldCipher;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What a writing job checks before it writes anything, so that a wrong secret or a wrong
 * configuration changes nothing:
 *
 * <ul>
 *   <li>every live key version in {@code vault_key} has its master secret among the configured ones
 *       (a version whose secret is missing would otherwise silently drop out of the key ring);
 *   <li>a sample of the ciphertexts already stored in every column — the first and the last
 *       {@value #SAMPLE} by key — decrypts with the configured context and type.
 * </ul>
 *
 * Failures are {@link RewriteFailure.Reason#SECRET} and name the version, fingerprint or column, never a value.
 */
public final class SafetyCheck {

  static final int SAMPLE = 32;

  private SafetyCheck() {}

  /** The key ring of the recorded versions, refusing when any live version's secret is missing. */
  public static KeyRing ringWithEverySecret(Connection connection, MasterSecrets secrets, String secretEnv, String previousEnv) {
    List<StoredKeyVersion> versions;
    try {
      versions = KeyVersionStore.versions(connection);
    } catch (SQLException e) {
      throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot read vault_key: " + e.getMessage(), e);
    }
    for (StoredKeyVersion version : versions) {
      if (version.isLive() && secrets.byFingerprint(version.fingerprint()).isEmpty()) {
        throw new RewriteFailure(RewriteFailure.Reason.SECRET, "key version " + version.version() + " needs the master secret with fingerprint "
            + version.fingerprint() + ", which is neither " + secretEnv + " nor listed in " + previousEnv + "; nothing was changed");
      }
    }
    try {
      return KeyVersionStore.ringOf(versions, secrets);
    } catch (CryptoException e) {
      throw new RewriteFailure(RewriteFailure.Reason.SECRET, e.getMessage() + "; nothing was changed", e);
    }
  }

  /** Decrypts a sample of every column's ciphertexts; refuses on the first that does not decrypt. */
  public static void sampleDecrypts(Connection connection, List<TableTarget> tables, KeyRing ring) {
    FieldCipher cipher = FieldCipher.of(ring);
    for (TableTarget table : tables) {
      for (ColumnTarget column : table.columns()) {
        String name = column.sqlName();
        String key = table.keySqlName();
        String sql = "(SELECT " + name + " FROM " + table.sqlName() + " WHERE " + name + " IS NOT NULL ORDER BY " + key + " LIMIT " + SAMPLE + ")"
            + " UNION ALL (SELECT " + name + " FROM " + table.sqlName() + " WHERE " + name + " IS NOT NULL ORDER BY " + key + " DESC LIMIT " + SAMPLE + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            Object stored = column.binary() ? rows.getBytes(1) : rows.getString(1);
            if (FieldCipher.isEnvelope(stored)) {
              try {
                Decryption.decrypt(cipher, column, stored);
              } catch (UnreadableValue e) {
                throw new RewriteFailure(RewriteFailure.Reason.SECRET, "existing ciphertext in " + column.qualifiedName() + " does not decrypt (" + e.getMessage()
                    + "): the master secret, the previous secrets or the column's context/type in the configuration is wrong; nothing was changed");
              }
            }
          }
        } catch (SQLException e) {
          throw new RewriteFailure(RewriteFailure.Reason.DATABASE, "cannot sample " + column.qualifiedName() + ": " + e.getMessage(), e);
        }
      }
    }
  }
}
