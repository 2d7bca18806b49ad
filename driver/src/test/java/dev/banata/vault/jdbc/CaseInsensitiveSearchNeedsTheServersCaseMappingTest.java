package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.config.KeySettings;
import dev.banata.vault.internal.keys.MasterSecretSetAccess;
import dev.banata.vault.internal.secrets.VaultSchema;
import dev.banata.vault.keys.MasterSecretSources;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database whose ctype is {@code C}: its lower() folds only ASCII, so lower(col) = lower('éa') does not
 * find 'Éa' there, while the driver's tokens would. The driver's probe sees the difference and refuses
 * every case-insensitive search on that database before anything is sent; case-sensitive prefix search
 * stays answered.
 */
@DatabaseTest
class CaseInsensitiveSearchNeedsTheServersCaseMappingTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void aCCtypeDatabaseRefusesCaseInsensitiveSearchesAndAnswersLike() throws Exception {
    String database = "vault_c_ctype_" + ProcessHandle.current().pid();
    db.execute("DROP DATABASE IF EXISTS " + database,
        "CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    String url = db.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    Path config = Files.createTempFile("c-ctype", ".yaml");
    Files.writeString(config, """
        tables:
          people:
            primary-key: id
            columns:
              email: { mode: deterministic, search: prefix, ignore-case: true }
        """);
    config.toFile().deleteOnExit();
    try {
      try (Connection plain = DriverManager.getConnection(url, db.user(), db.password()); Statement statement = plain.createStatement()) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + db.name());
        statement.execute("SET search_path TO " + db.name());
        VaultSchema.install(plain, MasterSecretSetAccess.load(MasterSecretSources.environment(KeySettings.DEFAULT)));
        statement.execute("CREATE TABLE " + db.name() + ".people (id bigint PRIMARY KEY, email text)");
      }
      try (HikariDataSource pool = Customers.pool("jdbc:vault:" + url.substring("jdbc:".length()), db, config.toString())) {
        try (Connection vault = pool.getConnection();
            PreparedStatement insert = vault.prepareStatement("INSERT INTO people (id, email) VALUES (?, ?)")) {
          long id = 1;
          for (String value : List.of("Éa", "éa", "ea")) {
            insert.setLong(1, id++);
            insert.setString(2, value);
            insert.executeUpdate();
          }
        }
        for (String sql : List.of("SELECT id FROM people WHERE email ILIKE ?", "SELECT id FROM people WHERE lower(email) = lower(?)",
            "SELECT id FROM people WHERE upper(email) LIKE upper(?)")) {
          SQLException e = catchThrowableOfType(() -> ids(pool, sql, "éa"), SQLException.class);
          assertThat((Throwable) e).as(sql).isNotNull();
          assertThat(e.getSQLState()).isEqualTo("0A000");
          assertThat(e.getMessage()).contains("people.email", "lower()", "ctype C").doesNotContain("éa");
        }
        assertThat(ids(pool, "SELECT id FROM people WHERE email LIKE ? ORDER BY id", "Éa%")).containsExactly(1L);
        assertThat(ids(pool, "SELECT id FROM people WHERE email = ? ORDER BY id", "éa")).containsExactly(2L);
      }
    } finally {
      db.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static List<Long> ids(HikariDataSource pool, String sql, String value) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection vault = pool.getConnection(); PreparedStatement statement = vault.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }
}
