package dev.banata.vault;

/**
 * Receives every audit event of a {@code Vault} after the transaction that recorded it committed, on the
 * thread that did the operation, in order. A listener should be quick; an exception it throws is logged
 * (its type only) and does not undo or fail the operation, which is already committed.
 */
@FunctionalInterface
public interface VaultAuditListener {

  void onEvent(VaultAuditEvent event);
}
