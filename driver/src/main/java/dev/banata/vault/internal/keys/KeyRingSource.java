package dev.banata.vault.internal.keys;

import dev.banata.vault.internal.crypto.KeyRing;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Where the current {@link KeyRing} comes from (a {@code KeyRing} itself is one immutable set of key
 * versions), and the way to make it re-read the key versions at once, when a ciphertext names a
 * version the ring does not know yet. {@link RefreshingKeyRingSource} is the one of {@code vault_key}.
 */
public interface KeyRingSource extends Supplier<KeyRing> {

  /** Re-reads the key versions now and returns the ring they make. */
  KeyRing refreshNow() throws SQLException;

  /** For a configuration without encrypted columns: no secret is needed, and asking for a key is a bug. */
  static KeyRingSource none() {
    return new KeyRingSource() {
      @Override
      public KeyRing get() {
        throw new IllegalStateException("no encrypted column is configured, so no key ring was loaded");
      }

      @Override
      public KeyRing refreshNow() {
        // Only a ciphertext asks for a refresh, and without an encrypted column there is none.
        return get();
      }
    };
  }
}
