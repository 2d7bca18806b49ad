package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.database.VaultUrl;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What an operator sees before any database work: help, version, usage errors, refusals and exit codes. */
class CommandLineTest {

  @ParameterizedTest
  @ValueSource(strings = {"install", "status", "rotate", "encrypt-existing", "decrypt-existing", "verify", "retire"})
  void everySubcommandExplainsItselfWithHelp(String subcommand) {
    AdminRun.Result result = AdminRun.run(Map.of(), subcommand, "--help");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Usage: vault-admin " + subcommand).contains("--url").contains("--help");
  }

  @Test
  void theTopLevelHelpListsSubcommandsAndExitCodes() {
    AdminRun.Result result = AdminRun.run(Map.of(), "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("rotate", "encrypt-existing", "decrypt-existing", "verify", "retire", "status", "install")
        .contains("Exit codes:").contains("5  master secret missing or wrong");
  }

  @Test
  void versionNamesTheProduct() {
    AdminRun.Result result = AdminRun.run(Map.of(), "--version");

    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("vault-admin (Banata Vault for JDBC)");
  }

  @Test
  void noSubcommandPrintsUsageAndFailsWithTheUsageCode() {
    AdminRun.Result result = AdminRun.run(Map.of());

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("Usage: vault-admin");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    AdminRun.Result result = AdminRun.run(Map.of(), "rotate", "--no-such-option");

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void decryptExistingWithoutConfirmationRefusesBeforeConnecting() {
    AdminRun.Result result = AdminRun.run(Map.of(), "decrypt-existing", "--url", "jdbc:postgresql://127.0.0.1:1/none");

    assertThat(result.code()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(result.err()).contains("--confirm-plaintext").doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void aUrlOfAnotherDatabaseIsRefused() {
    AdminRun.Result result = AdminRun.run(Map.of("BETTER_AUTH_SECRET", AdminRun.SECRET), "status", "--url", "jdbc:mysql://localhost/app");

    assertThat(result.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("jdbc:postgresql:");
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithoutAStackTrace() {
    AdminRun.Result result = AdminRun.run(Map.of("BETTER_AUTH_SECRET", AdminRun.SECRET), "status", "--url", "jdbc:vault:postgresql://127.0.0.1:1/app");

    assertThat(result.code()).as(result.toString()).isEqualTo(ExitCode.DATABASE.code());
    assertThat(result.err()).startsWith("vault-admin status: cannot connect to jdbc:postgresql://127.0.0.1:1/app").hasLineCount(1);
  }

  @Test
  void verboseAddsTheStackTrace() {
    AdminRun.Result result = AdminRun.run(Map.of(), "status", "--verbose", "--url", "jdbc:postgresql://127.0.0.1:1/app");

    assertThat(result.code()).isEqualTo(ExitCode.DATABASE.code());
    assertThat(result.err()).contains("at dev.banata.vault.admin");
  }

  @Test
  void theVaultUrlLosesItsPrefixAndItsVaultParameters() {
    VaultUrl url = DatabaseOptions.parse("jdbc:vault:postgresql://db:5432/app?vault.config=/etc/app/vault.yaml&sslmode=require");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db:5432/app?sslmode=require");
    assertThat(url.vaultProperties().getProperty("vault.config")).isEqualTo("/etc/app/vault.yaml");
  }

  @Test
  void aPlainPostgresqlUrlLosesItsVaultParametersToo() {
    VaultUrl url = DatabaseOptions.parse(" jdbc:postgresql://db/app?vault.config=classpath%3Aprod.yaml ");

    assertThat(url.delegateUrl()).isEqualTo("jdbc:postgresql://db/app");
    assertThat(url.vaultProperties().getProperty("vault.config")).isEqualTo("classpath:prod.yaml");
  }

  @Test
  void aUrlThatIsNotPostgresqlOrNotEncodedIsAUsageError() {
    AdminRun.Result other = AdminRun.run(Map.of(), "status", "--url", "jdbc:mysql://db/app");
    AdminRun.Result badlyEncoded = AdminRun.run(Map.of(), "status", "--url", "jdbc:postgresql://db/app?vault.config=%zz");

    assertThat(other.code()).as(other.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(badlyEncoded.code()).as(badlyEncoded.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(badlyEncoded.err()).contains("vault.config is not correctly percent-encoded");
  }
}
