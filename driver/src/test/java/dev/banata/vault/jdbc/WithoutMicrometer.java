package dev.banata.vault.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What {@link TheDriverWorksWithoutMicrometerTest} runs inside a class loader without Micrometer: it
 * names nothing of the test (JUnit, AssertJ) and fails with an exception when anything is wrong.
 */
public final class WithoutMicrometer {

  private WithoutMicrometer() {}

  /** A round trip and a refusal through a VaultDataSource; returns its metrics' figures. */
  public static String run(String url, String user, String password, String config) throws SQLException {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      throw new IllegalStateException("Micrometer is on this class path; the test proves nothing");
    } catch (ClassNotFoundException expected) {
      // What the test wants.
    }
    PGSimpleDataSource plain = new PGSimpleDataSource();
    plain.setUrl(url);
    plain.setUser(user);
    plain.setPassword(password);
    VaultDataSource vault = new VaultDataSource(plain);
    vault.setConfigLocation(config);
    vault.setVaultProperty("vault.metrics-name", "without-micrometer");
    try (Connection connection = vault.getConnection()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)")) {
        insert.setLong(1, 1);
        insert.setString(2, "nomicrometer@example.com");
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT email FROM customers WHERE email = ?")) {
        select.setString(1, "nomicrometer@example.com");
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next() || !"nomicrometer@example.com".equals(rows.getString(1))) {
            throw new IllegalStateException("the round trip failed");
          }
        }
      }
      try {
        connection.prepareStatement("SELECT id FROM customers WHERE email LIKE ?");
        throw new IllegalStateException("LIKE on an encrypted column was not refused");
      } catch (SQLException refused) {
        if (!"0A000".equals(refused.getSQLState())) {
          throw refused;
        }
      }
    }
    return vault.getMetrics().toString();
  }
}
