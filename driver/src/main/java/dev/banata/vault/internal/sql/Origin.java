package dev.banata.vault.internal.sql;

import dev.banata.vault.config.EncryptedColumn;
import net.sf.jsqlparser.expression.Expression;

/**
 * Where the value of an expression comes from, as far as encryption is concerned.
 *
 * @param kind what it is
 * @param column the encrypted column for ENCRYPTED, else null
 * @param storage the envelope storage for ENCRYPTED, else TEXT
 * @param node the parameter or literal node for PARAMETER and LITERAL (so it can be bound or replaced)
 */
record Origin(Kind kind, EncryptedColumn column, Storage storage, Expression node) {

  enum Kind {
    /** Plain data: not from an encrypted column. */
    PLAIN,
    /** The envelope of an encrypted column. */
    ENCRYPTED,
    /** A bare {@code ?} whose column is decided by where it stands. */
    PARAMETER,
    /** A bare literal (string, number, date) whose column is decided by where it stands. */
    LITERAL,
    /** The NULL literal: never encrypted. */
    NULL
  }

  static final Origin PLAIN = new Origin(Kind.PLAIN, null, Storage.TEXT, null);
  static final Origin NULL = new Origin(Kind.NULL, null, Storage.TEXT, null);

  static Origin encrypted(EncryptedColumn column, Storage storage) {
    return new Origin(Kind.ENCRYPTED, column, storage, null);
  }

  static Origin parameter(Expression node) {
    return new Origin(Kind.PARAMETER, null, Storage.TEXT, node);
  }

  static Origin literal(Expression node) {
    return new Origin(Kind.LITERAL, null, Storage.TEXT, node);
  }

  boolean isEncrypted() {
    return kind == Kind.ENCRYPTED;
  }

  /** Same ciphertext settings (mode, context, type) and storage: values can be copied or compared as they are. */
  boolean sameEncryptionAs(Origin other) {
    return isEncrypted() && other.isEncrypted() && column.sameEncryptionAs(other.column) && storage == other.storage;
  }

  ResultColumn toResultColumn() {
    return isEncrypted() ? new ResultColumn(column, storage) : null;
  }
}
