package dev.banata.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code vault_audit_event}, as stored and as delivered to {@link VaultAuditListener}s.
 * Holds no secret material: never the data, ciphertext, IV or a key.
 *
 * @param id {@code vevt_} + ULID
 * @param type what happened
 * @param secretId the secret concerned, null for {@code vault.key_rotated}
 * @param organizationId the secret's organization, or null
 * @param occurredAt the database time of the change
 * @param details non-secret details: {@code name}, {@code context}, {@code keyVersion}, counts of a rotation
 */
public record VaultAuditEvent(String id, VaultEventType type, String secretId, String organizationId, Instant occurredAt,
    Map<String, String> details) {

  public VaultAuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    details = Map.copyOf(details);
  }
}
