package dev.banata.vault.internal.secrets;

import dev.banata.vault.EncryptRequest;
import dev.banata.vault.KeyRotationResult;
import dev.banata.vault.ListRequest;
import dev.banata.vault.SecretPage;
import dev.banata.vault.Vault;
import dev.banata.vault.VaultAuditEvent;
import dev.banata.vault.VaultAuditListener;
import dev.banata.vault.VaultEventType;
import dev.banata.vault.VaultException;
import dev.banata.vault.VaultSecret;
import dev.banata.vault.internal.crypto.CryptoException;
import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.keys.KeyVersionStore;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;
import dev.banata.vault.internal.keys.StoredKeyVersion;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The engine behind {@code dev.banata.vault.Vault}: every operation on {@code vault_secret}, with its
 * audit event, in one transaction. Applications use {@code Vault}; this class is public so that the
 * entry class and the admin command can reach it.
 *
 * <p>Organization scope: a {@code scope} of null means the application itself, which sees every secret.
 * A non-null scope sees only secrets whose {@code organization_id} equals it; an application-wide
 * secret (no organization) is not visible to a scoped caller. Whatever hides a secret, the answer is
 * {@code Vault secret not found}, so a caller never learns that a secret exists elsewhere.
 *
 * <p>Thread-safe.
 */
public final class SecretStore {

  private static final String SECRET_COLUMNS =
      "id, name, context, organization_id, metadata::text, version, created_at, updated_at";

  private final DataSource dataSource;
  private final RefreshingKeyRingSource keyRing;
  private final SecretRotation rotation;
  private final SecretId ids = SecretId.secrets();
  private final AuditLog audit = new AuditLog();

  public SecretStore(DataSource dataSource, RefreshingKeyRingSource keyRing, int rotationBatchSize) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    this.rotation = new SecretRotation(dataSource, keyRing, rotationBatchSize);
  }

  public void addListener(VaultAuditListener listener) {
    audit.addListener(listener);
  }

  public void removeListener(VaultAuditListener listener) {
    audit.removeListener(listener);
  }

  /**
   * Stores a new secret and returns its id. The row is written only if the key version used is still the
   * primary one in {@code vault_key}; otherwise the key ring is refreshed and the value sealed again, so
   * no secret is written with a key a concurrent rotation has already moved past.
   */
  public String encrypt(EncryptRequest request) {
    Objects.requireNonNull(request, "request");
    String id = ids.next();
    SecretCipher.Binding binding = new SecretCipher.Binding(id, request.organizationId(), request.context(), request.name());
    String metadata = request.metadata() == null ? null : MetadataJson.write(request.metadata());
    byte[] plaintext = request.utf8Data();
    try {
      KeyRing ring = keyRing.get();
      for (int attempt = 0; attempt < 2; attempt++) {
        SecretCipher.Sealed sealed = SecretCipher.seal(ring, binding, plaintext);
        VaultAuditEvent event = VaultTransaction.run(dataSource, connection -> insert(connection, binding, sealed, metadata));
        if (event != null) {
          audit.publish(event);
          return id;
        }
        ring = refreshRing();
      }
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    throw new VaultException(VaultException.Code.MASTER_SECRET,
        "vault_key has a newer primary key version than this process can use; check BETTER_AUTH_SECRET");
  }

  /**
   * Decrypts a secret with the caller's {@code context} (null for none): it must be the context the secret
   * was stored with, or the answer is {@code Decryption failed}.
   */
  public String decrypt(String secretId, String context, String scope) {
    SecretId.requireSecretId(secretId);
    VaultLimits.checkContext(context);
    VaultLimits.checkOrganizationId(scope);
    Stored stored = VaultTransaction.run(dataSource, connection -> selectForDecrypt(connection, secretId, scope));
    // Decrypted with no connection held: meeting a new key version refreshes the ring, which needs one.
    SecretCipher.Binding binding = new SecretCipher.Binding(secretId, stored.organizationId(), context, stored.name());
    byte[] plaintext = open(binding, stored);
    String data;
    try {
      data = new String(plaintext, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("name", stored.name());
    details.put("keyVersion", Integer.toString(stored.version()));
    // The plaintext is returned only once its audit event is committed.
    VaultAuditEvent event = VaultTransaction.run(dataSource,
        connection -> audit.record(connection, VaultEventType.DECRYPTED, secretId, stored.organizationId(), details));
    audit.publish(event);
    return data;
  }

  /** A secret's description (never its value or ciphertext). */
  public VaultSecret get(String secretId, String scope) {
    SecretId.requireSecretId(secretId);
    VaultLimits.checkOrganizationId(scope);
    return VaultTransaction.run(dataSource, connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT " + SECRET_COLUMNS + " FROM vault_secret WHERE id = ?" + (scope == null ? "" : " AND organization_id = ?"))) {
        select.setString(1, secretId);
        if (scope != null) {
          select.setString(2, scope);
        }
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            throw VaultException.notFound();
          }
          return describe(row);
        }
      }
    });
  }

  /**
   * One page of secrets in ascending id order. Keyset pagination: a page starts strictly after the cursor,
   * so rows are neither repeated nor skipped when others are inserted or deleted between pages.
   *
   * @throws VaultException {@code INVALID_ORGANIZATION_ID} when a scoped caller asks for another organization
   */
  public SecretPage list(ListRequest request, String scope) {
    Objects.requireNonNull(request, "request");
    VaultLimits.checkOrganizationId(scope);
    String organizationId = request.organizationId();
    if (scope != null) {
      if (organizationId != null && !organizationId.equals(scope)) {
        throw new VaultException(VaultException.Code.INVALID_ORGANIZATION_ID,
            "An organization's vault lists only its own secrets");
      }
      organizationId = scope;
    }
    String filter = organizationId;
    return VaultTransaction.run(dataSource, connection -> {
      StringBuilder sql = new StringBuilder("SELECT ").append(SECRET_COLUMNS).append(" FROM vault_secret WHERE id > ?");
      if (filter != null) {
        sql.append(" AND organization_id = ?");
      }
      sql.append(" ORDER BY id LIMIT ?");
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        int index = 1;
        select.setString(index++, request.cursor() == null ? "" : request.cursor());
        if (filter != null) {
          select.setString(index++, filter);
        }
        // One row more than asked tells whether another page follows.
        select.setInt(index, request.limit() + 1);
        List<VaultSecret> secrets = new ArrayList<>(request.limit() + 1);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            secrets.add(describe(row));
          }
        }
        if (secrets.size() <= request.limit()) {
          return new SecretPage(secrets, null);
        }
        List<VaultSecret> page = secrets.subList(0, request.limit());
        return new SecretPage(page, page.get(page.size() - 1).id());
      }
    });
  }

  /** Deletes a secret permanently. */
  public void delete(String secretId, String scope) {
    SecretId.requireSecretId(secretId);
    VaultLimits.checkOrganizationId(scope);
    VaultAuditEvent event = VaultTransaction.run(dataSource, connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM vault_secret WHERE id = ?" + (scope == null ? "" : " AND organization_id = ?")
              + " RETURNING name, organization_id, version")) {
        delete.setString(1, secretId);
        if (scope != null) {
          delete.setString(2, scope);
        }
        try (ResultSet row = delete.executeQuery()) {
          if (!row.next()) {
            throw VaultException.notFound();
          }
          Map<String, String> details = new LinkedHashMap<>();
          details.put("name", row.getString(1));
          details.put("keyVersion", Integer.toString(row.getInt(3)));
          return audit.record(connection, VaultEventType.DELETED, secretId, row.getString(2), details);
        }
      }
    });
    audit.publish(event);
  }

  /**
   * Registers a new primary key version for the current master secret and re-encrypts every secret with
   * it (see {@link SecretRotation}). Older versions stay in {@code vault_key}: encrypted columns of the JDBC
   * driver may still use them; the admin command's {@code rotate} retires them once everything is re-encrypted.
   */
  public KeyRotationResult rotateKey() {
    StoredKeyVersion version = VaultTransaction.run(dataSource,
        connection -> KeyVersionStore.registerNewPrimary(connection, keyRing.secrets()));
    refreshRing();
    SecretRotation.Outcome outcome = rotation.reencryptBelow(version.version());
    KeyRotationResult.Status status = outcome.completed() ? KeyRotationResult.Status.COMPLETED : KeyRotationResult.Status.INCOMPLETE;
    Map<String, String> details = new LinkedHashMap<>();
    details.put("keyVersion", Integer.toString(version.version()));
    details.put("status", status.value());
    details.put("reencrypted", Long.toString(outcome.reencrypted()));
    details.put("failed", Long.toString(outcome.failed()));
    VaultAuditEvent event = VaultTransaction.run(dataSource,
        connection -> audit.record(connection, VaultEventType.KEY_ROTATED, null, null, details));
    audit.publish(event);
    return new KeyRotationResult(status, version.version(), outcome.reencrypted(), outcome.failed(), outcome.remaining(),
        outcome.failedSecretIds());
  }

  /** The rotation core this store uses (for tools that resume or report a rotation). */
  public SecretRotation rotation() {
    return rotation;
  }

  private VaultAuditEvent insert(Connection connection, SecretCipher.Binding binding, SecretCipher.Sealed sealed,
      String metadata) throws SQLException {
    // The guard makes the insert a no-op when vault_key already has a newer primary than the ring we used.
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO vault_secret (id, name, encrypted_value, iv, context, organization_id, version, metadata)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?::jsonb"
            + " WHERE ? >= (SELECT coalesce(max(version), 1) FROM vault_key WHERE retired_at IS NULL)")) {
      insert.setString(1, binding.secretId());
      insert.setString(2, binding.name());
      insert.setString(3, sealed.encryptedValue());
      insert.setString(4, sealed.iv());
      insert.setString(5, binding.context());
      insert.setString(6, binding.organizationId());
      insert.setInt(7, sealed.version());
      insert.setString(8, metadata);
      insert.setInt(9, sealed.version());
      if (insert.executeUpdate() == 0) {
        return null;
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("name", binding.name());
    if (binding.context() != null) {
      details.put("context", binding.context());
    }
    details.put("keyVersion", Integer.toString(sealed.version()));
    return audit.record(connection, VaultEventType.ENCRYPTED, binding.secretId(), binding.organizationId(), details);
  }

  private static Stored selectForDecrypt(Connection connection, String secretId, String scope) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT name, organization_id, version, iv, encrypted_value FROM vault_secret WHERE id = ?"
            + (scope == null ? "" : " AND organization_id = ?"))) {
      select.setString(1, secretId);
      if (scope != null) {
        select.setString(2, scope);
      }
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw VaultException.notFound();
        }
        return new Stored(row.getString(1), row.getString(2), row.getInt(3), row.getString(4), row.getString(5));
      }
    }
  }

  private byte[] open(SecretCipher.Binding binding, Stored stored) {
    try {
      return SecretCipher.open(keyRing.get(), binding, stored.version(), stored.iv(), stored.encryptedValue());
    } catch (CryptoException e) {
      if (e.reason() != CryptoException.Reason.UNKNOWN_KEY_VERSION) {
        throw VaultException.decryptionFailed();
      }
    }
    // A version this process has not seen yet (a rotation elsewhere): refresh once and retry.
    try {
      return SecretCipher.open(refreshRing(), binding, stored.version(), stored.iv(), stored.encryptedValue());
    } catch (CryptoException e) {
      throw VaultException.decryptionFailed();
    }
  }

  private KeyRing refreshRing() {
    try {
      return keyRing.refreshNow();
    } catch (SQLException e) {
      throw VaultTransaction.translate(e);
    } catch (CryptoException e) {
      throw new VaultException(VaultException.Code.MASTER_SECRET, e.getMessage(), e);
    }
  }

  private static VaultSecret describe(ResultSet row) throws SQLException {
    Timestamp created = row.getTimestamp(7);
    Timestamp updated = row.getTimestamp(8);
    return new VaultSecret(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        MetadataJson.read(row.getString(5)), row.getInt(6), created.toInstant(), updated.toInstant());
  }

  private record Stored(String name, String organizationId, int version, String iv, String encryptedValue) {}
}
