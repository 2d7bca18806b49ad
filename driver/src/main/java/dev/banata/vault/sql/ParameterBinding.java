package dev.banata.vault.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Objects;

/**
 * What one application parameter (a {@code ?} of the SQL the application prepared) is bound to.
 *
 * @param index the 1-based JDBC parameter index the application uses in {@code setXxx(index, ...)}
 * @param column the encrypted column the value is for, {@code null} when {@link ParameterRole#PLAIN}
 * @param role PLAIN, VALUE (one ciphertext at the primary version) or MATCH (one per live version)
 * @param storage text or bytea envelope (TEXT for a plain parameter)
 */
public record ParameterBinding(int index, EncryptedColumn column, ParameterRole role, Storage storage) {

  public ParameterBinding {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storage, "storage");
    if ((column == null) != (role == ParameterRole.PLAIN)) {
      throw new IllegalArgumentException("a PLAIN parameter has no column, an encrypted one has one");
    }
  }

  static ParameterBinding plain(int index) {
    return new ParameterBinding(index, null, ParameterRole.PLAIN, Storage.TEXT);
  }

  /** True when the value must be encrypted before it is sent. */
  public boolean encrypted() {
    return role != ParameterRole.PLAIN;
  }
}
