package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.sql.Rejection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The driver raises and reads its errors through one catalogue: every SQLState is a
 * {@link VaultSqlState} (what the vault raises) or an {@code internal.database.ServerSqlState} (what
 * the engine reads of the server's), the "Banata Vault: " prefix is added by
 * {@code VaultSqlException.of} only, and no raw {@code SQLException} is built outside the two
 * "not a wrapper" answers of the JDBC contract. Read from the sources of the whole driver, so a new
 * error written by hand fails here.
 */
class ErrorsComeFromOneCatalogueTest {

  private static final Path MAIN = Path.of("src/main/java/dev/banata/vault");

  /** A string literal of five digits and capitals with at least one digit: how an SQLState is written. */
  private static final Pattern SQL_STATE_LITERAL = Pattern.compile("\"(?=[0-9A-Z]*[0-9])[0-9A-Z]{5}\"");

  private static List<String> linesMatching(Pattern pattern, String... exemptFiles) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (List.of(exemptFiles).contains(file.getFileName().toString())) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (pattern.matcher(lines.get(i)).find()) {
            found.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    return found;
  }

  private static List<String> linesContaining(String text, String... exemptFiles) throws IOException {
    return linesMatching(Pattern.compile(Pattern.quote(text)), exemptFiles);
  }

  @Test
  void theSourcesAreWhereThisTestLooks() {
    assertThat(MAIN.resolve("jdbc/VaultSqlException.java")).exists();
    assertThat(MAIN.resolve("internal/database/ServerSqlState.java")).exists();
  }

  @Test
  void theAnalysisRefusesWithTheCataloguesState() {
    assertThat(Rejection.SQL_STATE).isEqualTo(VaultSqlState.FEATURE_NOT_SUPPORTED.code());
  }

  @Test
  void thePrefixIsAddedInOnePlace() throws IOException {
    assertThat(linesContaining("\"Banata Vault: ", "VaultSqlException.java")).isEmpty();
  }

  @Test
  void noRawSqlExceptionIsBuilt() throws IOException {
    // "not a wrapper for ...": the JDBC contract's stateless answer of unwrap, for wrappers and for the data source.
    assertThat(linesContaining("new SQLException(", "Unwrapping.java", "DriverDataSource.java")).isEmpty();
    // getParentLogger: the JDBC contract's answer for a data source that does not log through java.util.logging.
    assertThat(linesContaining("new SQLFeatureNotSupportedException(", "DriverDataSource.java")).isEmpty();
  }

  @Test
  void everySqlStateIsInTheCatalogue() throws IOException {
    // Rejection.java: the analysis' own copy of 0A000 (it cannot see the JDBC layer), checked below.
    assertThat(linesMatching(SQL_STATE_LITERAL, "VaultSqlState.java", "ServerSqlState.java", "Rejection.java")).isEmpty();
    assertThat(linesContaining(".code())", "VaultSqlException.java", "DriverDataSource.java"))
        .as("states go into a VaultSqlException, not into a raw one").isEmpty();
  }
}
