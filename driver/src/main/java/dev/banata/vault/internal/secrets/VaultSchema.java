package dev.banata.vault.internal.secrets;

import dev.banata.vault.Vault;
import dev.banata.vault.VaultException;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.database.Transaction;
import dev.banata.vault.internal.keys.KeyVersionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Creates and upgrades the vault tables ({@code vault_secret}, {@code vault_key},
 * {@code vault_audit_event} and {@code vault_schema_version}) in the connection's current schema, on
 * PostgreSQL.
 *
 * <p>Guarantees: migrations are numbered and each runs once; running the installer again is a no-op;
 * two processes installing at the same time serialize on a transaction-scoped advisory lock, and the
 * whole install is one transaction (a failure leaves the schema as it was). With master secrets it also
 * records key version 1 for the current secret when {@code vault_key} is empty, so that version keeps
 * naming the secret it was derived from after the secret is changed.
 *
 * <p>The admin command's {@code install} calls this class.
 */
public final class VaultSchema {

  /** The schema version this library writes and reads. */
  public static final int CURRENT_VERSION = 1;

  // Arbitrary constant shared by every installer: "banata-vault-schema" in spirit, any fixed 64-bit value works.
  private static final long INSTALL_LOCK = 0x62616e6174615653L;

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "vault_secret, vault_key and vault_audit_event", List.of(
          """
          CREATE TABLE vault_key (
            version     integer     PRIMARY KEY CHECK (version > 0),
            fingerprint text        NOT NULL,
            created_at  timestamptz NOT NULL DEFAULT now(),
            retired_at  timestamptz
          )""",
          // id is COLLATE "C" so that keyset pagination orders ULIDs bytewise whatever the database's collation.
          """
          CREATE TABLE vault_secret (
            id              text COLLATE "C" PRIMARY KEY CHECK (id ~ '^vsec_[0-7][0-9A-HJKMNP-TV-Z]{25}$'),
            name            text        NOT NULL,
            encrypted_value text        NOT NULL,
            iv              text        NOT NULL,
            context         text,
            organization_id text,
            version         integer     NOT NULL CHECK (version > 0),
            metadata        jsonb       CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object'),
            created_at      timestamptz NOT NULL DEFAULT now(),
            updated_at      timestamptz NOT NULL DEFAULT now()
          )""",
          // list(organizationId, cursor): WHERE organization_id = ? AND id > ? ORDER BY id.
          "CREATE INDEX vault_secret_organization_idx ON vault_secret (organization_id, id)",
          // Rotation sweeps: WHERE version < ? AND id > ? ORDER BY id.
          "CREATE INDEX vault_secret_version_idx ON vault_secret (version, id)",
          """
          CREATE TABLE vault_audit_event (
            id              text COLLATE "C" PRIMARY KEY,
            event_type      text        NOT NULL,
            secret_id       text,
            organization_id text,
            occurred_at     timestamptz NOT NULL DEFAULT now(),
            details         jsonb       NOT NULL DEFAULT '{}'
          )""",
          "CREATE INDEX vault_audit_event_secret_idx ON vault_audit_event (secret_id, occurred_at)",
          "CREATE INDEX vault_audit_event_time_idx ON vault_audit_event (occurred_at)")));

  private VaultSchema() {}

  /** What an install did. {@code appliedVersions} is empty when the schema was already current. */
  public record InstallResult(int previousVersion, int currentVersion, List<Integer> appliedVersions, boolean initialKeyRecorded) {
    public InstallResult {
      appliedVersions = List.copyOf(appliedVersions);
    }
  }

  /** {@link #install(Connection, MasterSecrets)} on a connection of {@code dataSource}. */
  public static InstallResult install(DataSource dataSource, MasterSecrets secrets) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return install(connection, secrets);
    }
  }

  /**
   * Brings the schema to {@link #CURRENT_VERSION} and records key version 1 for the current master secret
   * if {@code vault_key} is empty. Commits its own transaction; restores the connection's auto-commit mode.
   *
   * @throws VaultException {@code SCHEMA} when the database is not PostgreSQL or its vault schema is newer
   *     than this library
   */
  public static InstallResult install(Connection connection, MasterSecrets secrets) throws SQLException {
    Objects.requireNonNull(secrets, "secrets");
    return run(connection, secrets);
  }

  /**
   * Creates or upgrades the tables only, leaving {@code vault_key} as it is (for tools that have no master
   * secret at hand; the first {@code Vault} or rotation records version 1 later).
   */
  public static InstallResult installTables(Connection connection) throws SQLException {
    return run(connection, null);
  }

  /** The installed schema version, 0 when the vault tables are not installed. Does not lock. */
  public static int installedVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet exists = statement.executeQuery("SELECT to_regclass('vault_schema_version') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return 0;
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT coalesce(max(version), 0) FROM vault_schema_version")) {
      row.next();
      return row.getInt(1);
    }
  }

  private static InstallResult run(Connection connection, MasterSecrets secrets) throws SQLException {
    requirePostgres(connection);
    return Transaction.run(connection, inTransaction -> migrate(inTransaction, secrets));
  }

  private static InstallResult migrate(Connection connection, MasterSecrets secrets) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Released at commit or rollback; a second installer waits here and then finds nothing to do.
      statement.execute("SELECT pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
      statement.execute("""
          CREATE TABLE IF NOT EXISTS vault_schema_version (
            version      integer     PRIMARY KEY,
            description  text        NOT NULL,
            installed_at timestamptz NOT NULL DEFAULT now()
          )""");
    }
    int previous = installedVersion(connection);
    if (previous > CURRENT_VERSION) {
      throw new VaultException(VaultException.Code.SCHEMA, "The vault schema is at version " + previous
          + ", newer than this library's " + CURRENT_VERSION + "; upgrade the library");
    }
    List<Integer> applied = new ArrayList<>();
    for (Migration migration : MIGRATIONS) {
      if (migration.version() <= previous) {
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : migration.statements()) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement record = connection.prepareStatement(
          "INSERT INTO vault_schema_version (version, description) VALUES (?, ?)")) {
        record.setInt(1, migration.version());
        record.setString(2, migration.description());
        record.executeUpdate();
      }
      applied.add(migration.version());
    }
    boolean keyRecorded = secrets != null && KeyVersionStore.recordInitialVersion(connection, secrets);
    return new InstallResult(previous, CURRENT_VERSION, applied, keyRecorded);
  }

  private static void requirePostgres(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      throw new VaultException(VaultException.Code.SCHEMA,
          "The vault tables can be installed on PostgreSQL only, not on " + product);
    }
  }

  private record Migration(int version, String description, List<String> statements) {}
}
