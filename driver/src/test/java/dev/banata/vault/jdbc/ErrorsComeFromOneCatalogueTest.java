package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JDBC layer raises its errors through one catalogue: every SQLState is a {@link VaultSqlState},
 * the "Banata Vault: " prefix is added by {@code VaultSqlException.of} only, and no raw
 * {@code SQLException} is built outside {@code Unwrapping} (the JDBC contract's stateless
 * "not a wrapper"). Read from the sources, so a new error written by hand fails here.
 */
class ErrorsComeFromOneCatalogueTest {

  private static final Path JDBC = Path.of("src/main/java/dev/banata/vault/jdbc");

  private static List<String> linesContaining(String text, String... exemptFiles) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(JDBC)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (List.of(exemptFiles).contains(file.getFileName().toString())) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains(text)) {
            found.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    return found;
  }

  @Test
  void theSourcesAreWhereThisTestLooks() {
    assertThat(JDBC.resolve("VaultSqlException.java")).exists();
  }

  @Test
  void thePrefixIsAddedInOnePlace() throws IOException {
    assertThat(linesContaining("\"Banata Vault: ", "VaultSqlException.java")).isEmpty();
  }

  @Test
  void noRawSqlExceptionIsBuilt() throws IOException {
    assertThat(linesContaining("new SQLException(", "Unwrapping.java")).isEmpty();
    assertThat(linesContaining("new SQLFeatureNotSupportedException(")).isEmpty();
  }

  @Test
  void everySqlStateIsInTheCatalogue() throws IOException {
    for (String state : new String[] {"\"0A000\"", "\"22000\"", "\"22023\"", "\"08001\"", "\"42P01\"", "\"40001\"", "\"40P01\""}) {
      assertThat(linesContaining(state, "VaultSqlState.java")).as(state).isEmpty();
    }
    assertThat(linesContaining(".code())", "VaultSqlException.java")).as("states go into a VaultSqlException, not into a raw one").isEmpty();
  }
}
