package dev.banata.vault.config;

/** What the driver does when it reads a value that is not an envelope from an encrypted column ({@code plaintext-reads}). */
public enum PlaintextReadPolicy {
  /** Fail the read (default): plaintext in an encrypted column means the data was not migrated, or was written around the driver. */
  REJECT,
  /** Return it as is, while an existing table is being migrated with {@code encrypt-existing}. */
  ALLOW
}
