package dev.banata.vault.jdbc;

import dev.banata.vault.crypto.KeyRing;
import java.util.function.Supplier;

/**
 * The key ring a runtime encrypts and decrypts with, and the way to ask it to re-read the key
 * versions at once (when a ciphertext names a version the ring does not know yet).
 */
interface KeySource extends Supplier<KeyRing> {

  /** Re-reads the key versions now; a no-op for a fixed ring. */
  void refreshNow();

  /** A ring that never changes (no {@code vault_key} table to follow). */
  static KeySource fixed(KeyRing ring) {
    return new KeySource() {
      @Override
      public KeyRing get() {
        return ring;
      }

      @Override
      public void refreshNow() {
        // Nothing to re-read.
      }
    };
  }
}
