package dev.banata.vault.jdbc;

import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.keys.LiveKeyRing;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The key ring a runtime encrypts and decrypts with, and the way to make it re-read the key
 * versions at once (when a ciphertext names a version the ring does not know yet).
 */
interface KeySource extends Supplier<KeyRing> {

  /** Re-reads the key versions now; a no-op for a fixed ring. */
  void refreshNow() throws SQLException;

  /** The ring of {@code vault_key}, refreshed in the background and on demand. */
  static KeySource live(LiveKeyRing ring) {
    return new KeySource() {
      @Override
      public KeyRing get() {
        return ring.get();
      }

      @Override
      public void refreshNow() throws SQLException {
        ring.refreshNow();
      }
    };
  }

  /** For a configuration without encrypted columns: no secret is needed, and asking for a key is a bug. */
  static KeySource none() {
    return new KeySource() {
      @Override
      public KeyRing get() {
        throw new IllegalStateException("no encrypted column is configured, so no key ring was loaded");
      }

      @Override
      public void refreshNow() {
        // Nothing to re-read.
      }
    };
  }
}
