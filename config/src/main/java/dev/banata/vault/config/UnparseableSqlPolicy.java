package dev.banata.vault.config;

/** What the driver does with SQL its parser cannot read ({@code on-unparseable-sql}). */
public enum UnparseableSqlPolicy {
  /** Reject it when its text names an encrypted table or column, pass it through otherwise (default). */
  REJECT,
  /** Pass it through unchanged. Encrypted columns in it are neither encrypted nor decrypted. */
  PASSTHROUGH
}
