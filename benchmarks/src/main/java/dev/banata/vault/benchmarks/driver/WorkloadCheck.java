package dev.banata.vault.benchmarks.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Checks a loaded fixture before anything is measured, so a broken harness fails instead of
 * producing numbers: each workload's SQL returns the rows and the plaintext it should through the
 * variant's pool, and the stored values are what the variant promises (plaintext for a, not
 * plaintext for b and c, vault envelopes for e) when read with plain pgjdbc.
 */
final class WorkloadCheck {

  private WorkloadCheck() {}

  static void verify(DriverWorkloadBenchmark.Fixture fixture, ApplicationColumns columns, BenchmarkDatabase database) throws Exception {
    long id = 4_242;
    try (Connection connection = fixture.pool.getConnection()) {
      try (PreparedStatement select = connection.prepareStatement(fixture.pointSelectSql)) {
        select.setLong(1, id);
        try (ResultSet row = select.executeQuery()) {
          require(row.next(), "W2 finds row " + id);
          require(DriverWorkloadBenchmark.name(id).equals(row.getString(1)), "W2 reads name");
          require(DriverWorkloadBenchmark.email(id).equals(columns.emailFromStore(row.getString(2))), "W2 reads email");
          require(DriverWorkloadBenchmark.ssn(id).equals(columns.ssnFromStore(row.getString(3))), "W2 reads ssn");
          require(!row.next(), "W2 returns one row");
        }
      }
      try (PreparedStatement select = connection.prepareStatement(fixture.rangeSelectSql)) {
        select.setLong(1, 1);
        select.setLong(2, DriverWorkloadBenchmark.RANGE_ROWS);
        int rows = 0;
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            long rowId = row.getLong(1);
            require(DriverWorkloadBenchmark.email(rowId).equals(columns.emailFromStore(row.getString(2))), "W3 reads email");
            require(DriverWorkloadBenchmark.ssn(rowId).equals(columns.ssnFromStore(row.getString(3))), "W3 reads ssn");
            rows++;
          }
        }
        require(rows == DriverWorkloadBenchmark.RANGE_ROWS, "W3 returns " + DriverWorkloadBenchmark.RANGE_ROWS + " rows (got " + rows + ")");
      }
      try (PreparedStatement select = connection.prepareStatement(fixture.emailSelectSql)) {
        select.setString(1, columns.emailToStore(DriverWorkloadBenchmark.email(id)));
        try (ResultSet row = select.executeQuery()) {
          require(row.next() && row.getLong(1) == id, "W4 finds row " + id + " by email");
          require(DriverWorkloadBenchmark.ssn(id).equals(columns.ssnFromStore(row.getString(3))), "W4 reads ssn");
          require(!row.next(), "W4 returns one row");
        }
      }
    }
    try (Connection plain = database.plainConnection(); Statement statement = plain.createStatement();
        ResultSet stored = statement.executeQuery("SELECT email, ssn FROM " + fixture.table + " WHERE id = " + id)) {
      require(stored.next(), "the row is stored");
      String email = stored.getString(1);
      String ssn = stored.getString(2);
      switch (fixture.variant) {
        case "a_plain" -> require(email.equals(DriverWorkloadBenchmark.email(id)) && ssn.equals(DriverWorkloadBenchmark.ssn(id)),
            "variant a stores plaintext");
        case "b_hand_crypto", "c_shardingsphere" -> require(!email.contains("@") && !ssn.startsWith("ssn-"),
            "variant " + fixture.variant + " stores ciphertext");
        default -> require(email.startsWith("bv1:") && ssn.startsWith("bv1:"), "the vault driver stores envelopes");
      }
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark harness check failed: " + what);
    }
  }
}
