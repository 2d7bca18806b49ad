package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import java.util.Objects;

/**
 * A literal written in plain (unprepared) SQL for an encrypted column, e.g. the {@code 'a@b.example'}
 * of {@code INSERT INTO customers (email) VALUES ('a@b.example')}. The JDBC layer encrypts it on every
 * execution; {@link PhysicalStatement#render(LiteralEncryptor)} puts the ciphertext literal in its place.
 *
 * <p>{@link #text()} is the plaintext as written in the SQL (a string literal without quotes, or the
 * digits of a number). It is held only as long as the plan of that very SQL string is, is never
 * part of {@link #toString()}, and nothing derived from it (no ciphertext) is ever cached.
 *
 * @param ordinal 0-based position among the literal slots of the statement
 * @param column the encrypted column the literal is for
 * @param role VALUE or MATCH
 * @param storage text or bytea envelope
 * @param text the literal's plaintext as written (SQL quoting removed)
 * @param search for {@link ParameterRole#SEARCH}: how the text is read (a pattern, or a value compared lower-cased); null otherwise
 */
public record LiteralSlot(int ordinal, EncryptedColumn column, ParameterRole role, Storage storage, String text, SearchPredicate search) {

  public LiteralSlot {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(text, "text");
    if ((search == null) != (role != ParameterRole.SEARCH)) {
      throw new IllegalArgumentException("a SEARCH literal has a search predicate, others have none");
    }
  }

  /** A literal of any role but SEARCH. */
  public LiteralSlot(int ordinal, EncryptedColumn column, ParameterRole role, Storage storage, String text) {
    this(ordinal, column, role, storage, text, null);
  }

  @Override
  public String toString() {
    return "LiteralSlot[" + ordinal + ", " + column.qualifiedName() + ", " + role + ", " + storage + ", <redacted>]";
  }
}
