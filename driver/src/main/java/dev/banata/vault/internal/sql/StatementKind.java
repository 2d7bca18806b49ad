package dev.banata.vault.internal.sql;

/** The kind of statement a plan was made for. */
public enum StatementKind {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  /** Parsed, but not one of the above (DDL, SET, transaction control, ...). */
  OTHER,
  /** The parser could not read it (or gave up within its time bound). */
  UNPARSEABLE
}
