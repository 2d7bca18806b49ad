package dev.banata.vault.internal.keys;

import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.KeyVersion;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.database.Transaction;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The key versions recorded in {@code vault_key}, and the {@link KeyRing} they make.
 *
 * <p>Rules (shared by the driver, the Vault API and the admin command):
 *
 * <ul>
 *   <li>The primary version is the highest version that is not retired; new ciphertext uses it.
 *   <li>No {@code vault_key} table, or an empty one, means {@link KeyRing#initial(MasterSecrets)}:
 *       version 1 derived from the current master secret. The installer records that version 1 so the
 *       binding survives a later change of the secret.
 *   <li>A retired version is gone from the ring: retire a version only once nothing is encrypted with it.
 *   <li>A live, non-primary version whose master secret is not configured is left out of the ring
 *       (values encrypted with it fail with {@code Decryption failed}); a primary whose secret is not
 *       configured is an error, because nothing could be encrypted correctly.
 * </ul>
 *
 * <p>Methods taking a {@link Connection} run inside the caller's transaction and neither commit nor
 * roll back; the others open a connection from the data source and commit their own transaction.
 */
public final class KeyVersionStore {

  private static final System.Logger LOG = System.getLogger(KeyVersionStore.class.getName());

  private final DataSource dataSource;

  public KeyVersionStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Every recorded version, lowest first; empty when the table is empty or missing. */
  public List<StoredKeyVersion> versions() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return versions(connection);
    }
  }

  /** The key ring the recorded versions make (see the class rules). */
  public KeyRing loadRing(MasterSecrets secrets) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return loadRing(connection, secrets);
    }
  }

  /**
   * Records a new primary version (the highest so far + 1) bound to the current master secret, and
   * returns it. On an empty table version 1 is recorded first, as the implicit initial version.
   */
  public StoredKeyVersion registerNewPrimary(MasterSecrets secrets) throws SQLException {
    return Transaction.run(dataSource, connection -> registerNewPrimary(connection, secrets));
  }

  /**
   * Marks {@code version} retired. Refuses the primary (the ring would silently fall back to an older
   * key). Returns false when the version is unknown or already retired.
   */
  public boolean retire(int version) throws SQLException {
    return Transaction.run(dataSource, connection -> retire(connection, version));
  }

  /** {@link #versions()} inside the caller's transaction. */
  public static List<StoredKeyVersion> versions(Connection connection) throws SQLException {
    if (!tableExists(connection)) {
      return List.of();
    }
    List<StoredKeyVersion> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(
            "SELECT version, fingerprint, created_at, retired_at FROM vault_key ORDER BY version")) {
      while (resultSet.next()) {
        Timestamp retired = resultSet.getTimestamp(4);
        rows.add(new StoredKeyVersion(resultSet.getInt(1), resultSet.getString(2),
            resultSet.getTimestamp(3).toInstant(), retired == null ? null : retired.toInstant()));
      }
    }
    return List.copyOf(rows);
  }

  /** {@link #loadRing(MasterSecrets)} inside the caller's transaction. */
  public static KeyRing loadRing(Connection connection, MasterSecrets secrets) throws SQLException {
    return ringOf(versions(connection), secrets);
  }

  /**
   * The ring made by {@code rows} (as read from {@code vault_key}).
   *
   * @throws CryptoException {@code SECRET_UNAVAILABLE} when the primary version's secret is not configured,
   *     {@code INVALID_KEY_RING} when every recorded version is retired
   */
  public static KeyRing ringOf(List<StoredKeyVersion> rows, MasterSecrets secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (rows.isEmpty()) {
      return KeyRing.initial(secrets);
    }
    StoredKeyVersion primary = null;
    for (StoredKeyVersion row : rows) {
      if (row.isLive() && (primary == null || row.version() > primary.version())) {
        primary = row;
      }
    }
    if (primary == null) {
      throw new CryptoException(CryptoException.Reason.INVALID_KEY_RING,
          "every key version in vault_key is retired; register a new primary version");
    }
    if (secrets.byFingerprint(primary.fingerprint()).isEmpty()) {
      throw new CryptoException(CryptoException.Reason.SECRET_UNAVAILABLE,
          "the primary key version " + primary.version() + " needs the master secret with fingerprint "
              + primary.fingerprint() + ", which is neither the current nor a previous secret");
    }
    KeyRing.Builder builder = KeyRing.builder(secrets);
    for (StoredKeyVersion row : rows) {
      if (!row.isLive()) {
        continue;
      }
      if (secrets.byFingerprint(row.fingerprint()).isEmpty()) {
        LOG.log(Level.WARNING, "Key version {0} needs the master secret with fingerprint {1}, which is not configured;"
            + " values encrypted with it cannot be decrypted", row.version(), row.fingerprint());
        continue;
      }
      builder.add(new KeyVersion(row.version(), row.fingerprint()));
    }
    return builder.primary(primary.version()).build();
  }

  /**
   * Records version 1 for the current master secret when {@code vault_key} is empty (what the installer
   * does). Returns true when it recorded it.
   */
  public static boolean recordInitialVersion(Connection connection, MasterSecrets secrets) throws SQLException {
    lockKeyTable(connection);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO vault_key (version, fingerprint) SELECT 1, ? WHERE NOT EXISTS (SELECT 1 FROM vault_key)")) {
      insert.setString(1, secrets.current().fingerprint());
      return insert.executeUpdate() == 1;
    }
  }

  /** {@link #registerNewPrimary(MasterSecrets)} inside the caller's transaction (the lock is held until it ends). */
  public static StoredKeyVersion registerNewPrimary(Connection connection, MasterSecrets secrets) throws SQLException {
    recordInitialVersion(connection, secrets);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO vault_key (version, fingerprint) SELECT max(version) + 1, ? FROM vault_key"
            + " RETURNING version, fingerprint, created_at")) {
      insert.setString(1, secrets.current().fingerprint());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return new StoredKeyVersion(row.getInt(1), row.getString(2), row.getTimestamp(3).toInstant(), null);
      }
    }
  }

  /** {@link #retire(int)} inside the caller's transaction. */
  public static boolean retire(Connection connection, int version) throws SQLException {
    lockKeyTable(connection);
    try (PreparedStatement primary = connection.prepareStatement(
        "SELECT max(version) FROM vault_key WHERE retired_at IS NULL")) {
      try (ResultSet row = primary.executeQuery()) {
        if (row.next() && row.getInt(1) == version) {
          throw new IllegalStateException("key version " + version + " is the primary version and cannot be retired");
        }
      }
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE vault_key SET retired_at = now() WHERE version = ? AND retired_at IS NULL")) {
      update.setInt(1, version);
      return update.executeUpdate() == 1;
    }
  }

  // Serializes writers of vault_key (two rotations must not both take "max + 1"); readers are not blocked.
  private static void lockKeyTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOCK TABLE vault_key IN SHARE ROW EXCLUSIVE MODE");
    }
  }

  private static boolean tableExists(Connection connection) throws SQLException {
    // to_regclass follows the search_path, as the unqualified queries below do; null when absent.
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT to_regclass('vault_key') IS NOT NULL")) {
      return row.next() && row.getBoolean(1);
    }
  }
}
