package dev.banata.vault.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The quickstart a new user runs first: every step must behave as it prints, on the test database
 * (with {@code --url}) and on its own embedded PostgreSQL (no arguments), and it must leave nothing
 * behind. Surefire gives this JVM a test-only {@code BETTER_AUTH_SECRET}.
 */
class QuickstartRunsEveryStepTest {

  private static final Pattern SCHEMA = Pattern.compile("schema (vault_quickstart_[0-9a-f]{8})");

  @Test
  @DatabaseTest
  void everyStepBehavesAsShownOnTheTestDatabaseAndItsSchemaIsDropped() throws SQLException {
    PostgresServer server = PostgresServer.get();

    Run run = run("--url", server.jdbcUrl(), "--user", server.user(), "--password", server.password());

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output)
        .contains("14. Verify")
        .contains("All 14 steps behaved as shown")
        .contains("[SQLState 0A000]")
        .contains("-> Decryption failed")
        .contains("-> Vault secret not found")
        .doesNotContain("FAILED");
    assertThat(schemaExists(server, schemaOf(run))).as("the quickstart's schema is dropped at the end").isFalse();
  }

  @Test
  @DatabaseTest
  void withoutArgumentsItRunsOnAnEmbeddedPostgres() {
    Run run = run();

    assertThat(run.exitCode).as(run.output).isZero();
    assertThat(run.output)
        .contains("Start an embedded PostgreSQL")
        .contains("All 14 steps behaved as shown")
        .contains("embedded PostgreSQL stopped");
  }

  @Test
  @DatabaseTest
  void neverPrintsTheMasterSecret() {
    String secret = System.getenv("BETTER_AUTH_SECRET");
    PostgresServer server = PostgresServer.get();

    Run run = run("--url", server.jdbcUrl(), "--user", server.user(), "--password", server.password());

    assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
    assertThat(run.output).contains("master secret: BETTER_AUTH_SECRET (set; ").doesNotContain(secret);
  }

  @Test
  void aStepThatCannotDoWhatItShowsEndsWithExitCode1() {
    Run run = run("--url", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "--user", "nobody", "--password", "wrong");

    assertThat(run.exitCode).as(run.output).isEqualTo(1);
    assertThat(run.output).contains("FAILED in step 1").doesNotContain("behaved as shown").doesNotContain("wrong");
  }

  @Test
  void aWrongCommandLineEndsWithExitCode2AndTheUsage() {
    Run run = run("--database", "x");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.output).contains("unknown option --database").contains("Usage:");
  }

  private record Run(int exitCode, String output) {}

  private static Run run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exitCode = Quickstart.run(args, out);
    }
    return new Run(exitCode, bytes.toString(StandardCharsets.UTF_8));
  }

  private static String schemaOf(Run run) {
    Matcher matcher = SCHEMA.matcher(run.output);
    assertThat(matcher.find()).as("the output names the quickstart's schema").isTrue();
    return matcher.group(1);
  }

  private static boolean schemaExists(PostgresServer server, String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
      query.setString(1, schema);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1) > 0;
      }
    }
  }
}
