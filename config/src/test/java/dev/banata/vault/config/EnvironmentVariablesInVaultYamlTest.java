package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ${NAME} and ${NAME:-default} are replaced in policies and in the lists of annotated classes and
 * packages, and rejected everywhere else.
 */
class EnvironmentVariablesInVaultYamlTest {

  @TempDir Path directory;

  @Test
  void aPolicyComesFromTheEnvironmentWhileMigrating() {
    String yaml = """
        plaintext-reads: ${VAULT_PLAINTEXT_READS:-reject}
        on-unparseable-sql: ${VAULT_UNPARSEABLE}
        """;
    ConfigFiles files = new ConfigFiles(directory);

    VaultConfig migrating = files.load(yaml, Map.of("VAULT_PLAINTEXT_READS", "allow", "VAULT_UNPARSEABLE", "passthrough"));
    VaultConfig normal = files.load(yaml, Map.of("VAULT_UNPARSEABLE", "reject"));

    assertThat(migrating.plaintextReads()).isEqualTo(PlaintextReadPolicy.ALLOW);
    assertThat(migrating.onUnparseableSql()).isEqualTo(UnparseableSqlPolicy.PASSTHROUGH);
    assertThat(normal.plaintextReads()).isEqualTo(PlaintextReadPolicy.REJECT);
  }

  @Test
  void anEmptyVariableTakesTheDefaultLikeAShell() {
    VaultConfig config = new ConfigFiles(directory).load("plaintext-reads: ${VAULT_PLAINTEXT_READS:-allow}\n",
        Map.of("VAULT_PLAINTEXT_READS", ""));

    assertThat(config.plaintextReads()).isEqualTo(PlaintextReadPolicy.ALLOW);
  }

  @Test
  void annotatedPackagesMayComeFromTheEnvironment() {
    VaultConfig config = new ConfigFiles(directory).load("""
        annotated-packages: ["${ENTITY_PACKAGE:-nowhere}.plain"]
        """, Map.of("ENTITY_PACKAGE", "dev.banata.vault.config.fixtures.entities"));

    assertThat(config.table(Identifier.of("customers"))).isPresent();
  }

  @Test
  void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
    ConfigFiles files = new ConfigFiles(directory);
    assertThatThrownBy(() -> files.load("plaintext-reads: ${VAULT_PLAINTEXT_READS}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(files.file() + ":1: plaintext-reads: environment variable VAULT_PLAINTEXT_READS is not set and"
            + " ${VAULT_PLAINTEXT_READS} has no default (write ${VAULT_PLAINTEXT_READS:-value})");
  }

  @Test
  void aWrongValueFromTheEnvironmentIsNotEchoed() {
    ConfigFiles files = new ConfigFiles(directory);
    String secret = "this-is-the-master-secret-0123456789";
    assertThatThrownBy(() -> files.load("plaintext-reads: ${BETTER_AUTH_SECRET}\n", Map.of("BETTER_AUTH_SECRET", secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(files.file() + ":1: plaintext-reads: '${BETTER_AUTH_SECRET}' resolves to a value that is not one of reject | allow")
        .hasMessageNotContaining(secret);
  }

  @Test
  void aClassNameFromTheEnvironmentIsNotEchoedWhenNotFound() {
    ConfigFiles files = new ConfigFiles(directory);
    String secret = "ThisLooksLikeAClassName0123456789abcdef";
    assertThatThrownBy(() -> files.load("annotated-classes: [\"${BETTER_AUTH_SECRET}\"]\n", Map.of("BETTER_AUTH_SECRET", secret)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(files.file() + ":1: annotated-classes '${BETTER_AUTH_SECRET}': class ${BETTER_AUTH_SECRET} is not on the class path")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> files.load("annotated-packages: [\"${BETTER_AUTH_SECRET}\"]\n", Map.of("BETTER_AUTH_SECRET", secret)))
        .hasMessageNotContaining(secret);
  }

  @Test
  void aMalformedReferenceIsAnError() {
    ConfigFiles files = new ConfigFiles(directory);
    assertThatThrownBy(() -> files.load("plaintext-reads: ${VAULT PLAINTEXT}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(files.file() + ":1: plaintext-reads: malformed variable reference; write ${NAME} or ${NAME:-default}");
  }

  @Test
  void keySettingsAreNeverInterpolated() {
    ConfigFiles files = new ConfigFiles(directory);
    assertThatThrownBy(() -> files.load("keys:\n  secret-env: ${SECRET_VARIABLE_NAME:-BETTER_AUTH_SECRET}\n",
        Map.of("SECRET_VARIABLE_NAME", "X")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(files.file() + ":2: keys.secret-env: interpolation is not allowed here: write the name of the"
            + " environment variable itself (e.g. BETTER_AUTH_SECRET), never its value");
  }

  @Test
  void contextsModesTypesAndNamesAreNeverInterpolated() {
    ConfigFiles files = new ConfigFiles(directory);
    String template = """
        tables:
          customers:
            primary-key: %s
            columns:
              email: { %s }
        """;
    assertThatThrownBy(() -> files.load(template.formatted("id", "context: \"${TENANT}-email\"")))
        .hasMessage(files.file() + ":5: tables.customers.columns.email.context: environment variables are not interpolated"
            + " here: a context that changes makes the values stored under it unreadable");
    assertThatThrownBy(() -> files.load(template.formatted("id", "mode: \"${EMAIL_MODE}\"")))
        .hasMessage(files.file() + ":5: tables.customers.columns.email.mode: environment variables are not interpolated"
            + " here: it decides how values are encrypted, which must be the same in every environment");
    assertThatThrownBy(() -> files.load(template.formatted("id", "type: \"${EMAIL_TYPE}\"")))
        .hasMessageStartingWith(files.file() + ":5: tables.customers.columns.email.type: environment variables are not interpolated");
    assertThatThrownBy(() -> files.load(template.formatted("${PK}", "")))
        .hasMessage(files.file() + ":3: tables.customers.primary-key: environment variables are not interpolated here:"
            + " names are the same in every environment");
  }
}
