package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Objects;

/**
 * What one application parameter (a {@code ?} of the SQL the application prepared) is bound to.
 *
 * @param index the 1-based JDBC parameter index the application uses in {@code setXxx(index, ...)}
 * @param column the encrypted column the value is for, {@code null} when {@link ParameterRole#PLAIN}
 * @param role PLAIN, VALUE (one ciphertext at the primary version) or MATCH (one per live version)
 * @param storage text or bytea envelope (TEXT for a plain parameter)
 * @param search for {@link ParameterRole#SEARCH}: how the value is read; null otherwise
 */
public record ParameterBinding(int index, EncryptedColumn column, ParameterRole role, Storage storage, SearchPredicate search) {

  public ParameterBinding {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storage, "storage");
    if ((column == null) != (role == ParameterRole.PLAIN)) {
      throw new IllegalArgumentException("a PLAIN parameter has no column, an encrypted one has one");
    }
    if ((search == null) != (role != ParameterRole.SEARCH)) {
      throw new IllegalArgumentException("a SEARCH parameter has a search predicate, others have none");
    }
  }

  /** A binding of any role but SEARCH. */
  public ParameterBinding(int index, EncryptedColumn column, ParameterRole role, Storage storage) {
    this(index, column, role, storage, null);
  }

  static ParameterBinding plain(int index) {
    return new ParameterBinding(index, null, ParameterRole.PLAIN, Storage.TEXT);
  }

  /** True when the value must be encrypted before it is sent. */
  public boolean encrypted() {
    return role != ParameterRole.PLAIN;
  }
}
