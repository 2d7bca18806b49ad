package dev.banata.vault.internal.secrets;

import dev.banata.vault.Vault;
import dev.banata.vault.VaultAuditEvent;
import dev.banata.vault.VaultAuditListener;
import dev.banata.vault.VaultEventType;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes audit events into {@code vault_audit_event} inside the caller's transaction, and hands them to
 * listeners once the caller has committed. Events carry only what {@link VaultAuditEvent} allows.
 */
final class AuditLog {

  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

  private final SecretId ids = SecretId.events();
  private final List<VaultAuditListener> listeners = new CopyOnWriteArrayList<>();

  void addListener(VaultAuditListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(VaultAuditListener listener) {
    listeners.remove(listener);
  }

  /** Inserts the event in the caller's transaction; publish it with {@link #publish} after the commit. */
  VaultAuditEvent record(Connection connection, VaultEventType type, String secretId, String organizationId,
      Map<String, String> details) throws SQLException {
    String id = ids.next();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO vault_audit_event (id, event_type, secret_id, organization_id, details)"
            + " VALUES (?, ?, ?, ?, ?::jsonb) RETURNING occurred_at")) {
      insert.setString(1, id);
      insert.setString(2, type.eventName());
      insert.setString(3, secretId);
      insert.setString(4, organizationId);
      insert.setString(5, MetadataJson.write(details));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return new VaultAuditEvent(id, type, secretId, organizationId, row.getTimestamp(1).toInstant(), details);
      }
    }
  }

  /** Delivers a committed event to every listener; a failing listener does not stop the others. */
  void publish(VaultAuditEvent event) {
    for (VaultAuditListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Vault audit listener {0} threw {1} for {2}", listener.getClass().getName(),
            e.getClass().getName(), event.type().eventName());
      }
    }
  }
}
