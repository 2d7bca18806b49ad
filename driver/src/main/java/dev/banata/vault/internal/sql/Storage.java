package dev.banata.vault.internal.sql;

import java.util.Locale;

/** How an encrypted column stores its envelope in the database. */
public enum Storage {
  /** A {@code text}/{@code varchar} column holding the compact text envelope (the default). */
  TEXT,
  /** A {@code bytea} column holding the raw envelope bytes. */
  BYTEA;

  /** The storage for a database type name as reported by the catalog: {@code bytea} is BYTEA, anything else TEXT. */
  public static Storage ofTypeName(String typeName) {
    return typeName != null && typeName.trim().toLowerCase(Locale.ROOT).equals("bytea") ? BYTEA : TEXT;
  }
}
