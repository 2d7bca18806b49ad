package dev.banata.vault.jdbc;

import dev.banata.vault.testing.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The setup of the search tests that compare the driver with PostgreSQL: a table {@code T} written
 * through the vault driver and its twin {@code plain_T} holding the same rows in the clear, so that a
 * query's ids through the driver can be checked against the server's own answer on the twin.
 */
final class EncryptedAndPlainTables {

  private EncryptedAndPlainTables() {}

  /** (Re)creates {@code table} and {@code plain_<table>}, both (id bigint PRIMARY KEY, last_name text, email text). */
  static void create(TestSchema db, String table) throws SQLException {
    db.execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS plain_" + table,
        "CREATE TABLE " + table + " (id bigint PRIMARY KEY, last_name text, email text)",
        "CREATE TABLE plain_" + table + " (id bigint PRIMARY KEY, last_name text, email text)");
  }

  /**
   * Inserts one row per last name into both tables, ids from 1 in order: through {@code vault} into
   * {@code table}, through {@code plain} into {@code plain_<table>}; the email is {@code email} of the last name.
   */
  static void insertIntoBoth(Connection vault, Connection plain, String table, List<String> lastNames, UnaryOperator<String> email)
      throws SQLException {
    try (PreparedStatement encrypted = vault.prepareStatement("INSERT INTO " + table + " (id, last_name, email) VALUES (?, ?, ?)");
        PreparedStatement clear = plain.prepareStatement("INSERT INTO plain_" + table + " (id, last_name, email) VALUES (?, ?, ?)")) {
      long id = 1;
      for (String value : lastNames) {
        for (PreparedStatement insert : List.of(encrypted, clear)) {
          insert.setLong(1, id);
          insert.setString(2, value);
          insert.setString(3, email.apply(value));
          insert.executeUpdate();
        }
        id++;
      }
    }
  }

  /** Writes {@code yaml} to a temporary file, deleted when the JVM exits, and returns its path. */
  static String configFile(String prefix, String yaml) throws IOException {
    Path config = Files.createTempFile(prefix, ".yaml");
    Files.writeString(config, yaml);
    config.toFile().deleteOnExit();
    return config.toString();
  }

  /** The first column (the ids) of {@code sql}'s rows; a {@code String[]} parameter is bound as a text array. */
  static List<Long> ids(Connection connection, String sql, Object... parameters) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] instanceof String[] array) {
          statement.setArray(i + 1, connection.createArrayOf("text", array));
        } else {
          statement.setObject(i + 1, parameters[i]);
        }
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }
}
