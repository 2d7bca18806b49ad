package dev.banata.vault;

/** The audit events of the Vault, with the names the product documents and {@code vault_audit_event} stores. */
public enum VaultEventType {
  /** A new secret was stored. */
  ENCRYPTED("vault.encrypted"),
  /** A secret was decrypted and read. */
  DECRYPTED("vault.decrypted"),
  /** A secret was permanently removed. */
  DELETED("vault.deleted"),
  /** The vault key was rotated and the secrets re-encrypted. */
  KEY_ROTATED("vault.key_rotated");

  private final String eventName;

  VaultEventType(String eventName) {
    this.eventName = eventName;
  }

  /** The stored name, e.g. {@code vault.encrypted}. */
  public String eventName() {
    return eventName;
  }

  static VaultEventType fromEventName(String name) {
    for (VaultEventType type : values()) {
      if (type.eventName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown vault event type: " + name);
  }
}
