package dev.banata.vault.internal.rewrite;

/**
 * A stored value a job cannot process. The reason is fixed text such as {@code Decryption failed} or
 * {@code unknown key version 7}: never the value, never a secret.
 */
final class UnreadableValue extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnreadableValue(String reason) {
    super(reason, null, false, false);
  }
}
