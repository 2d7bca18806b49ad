package dev.banata.vault.boot;

import dev.banata.vault.VaultException;
import dev.banata.vault.config.ConfigException;
import dev.banata.vault.internal.config.MessagePrefix;
import dev.banata.vault.internal.crypto.CryptoException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Shows a startup failure caused by the vault as Spring Boot's "Description / Action": the driver's own
 * message (which never holds a secret) and what a person does about it. Found anywhere in the cause
 * chain: the Vault bean's {@link VaultException}, a {@link ConfigException} from {@code vault.yaml} or
 * an annotation, a {@link CryptoException}, or the driver's {@code SQLException} ("Banata Vault: ...")
 * reaching Hibernate or the data source initializer.
 */
public final class VaultFailureAnalyzer implements FailureAnalyzer {

  // The driver's VaultSqlException.PREFIX (package-private there); FailureAnalysisNamesTheProblemAndTheWayOutTest
  // reads a real driver refusal, so a change of the prefix fails there.
  private static final String DRIVER_PREFIX = MessagePrefix.VAULT;
  private static final String DISABLE =
      " To start the application without the vault (its encrypted columns then read as ciphertext), set banata.vault.enabled=false.";

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      String message = vaultMessage(cause);
      if (message != null) {
        return new FailureAnalysis("Banata Vault could not start: " + message, action(cause, message), cause);
      }
    }
    return null;
  }

  /** The vault's message of {@code cause}, or null when it is not one of the vault's failures. */
  private static String vaultMessage(Throwable cause) {
    String message = cause.getMessage();
    if (message == null) {
      return null;
    }
    if (cause instanceof VaultException || cause instanceof ConfigException || cause instanceof CryptoException) {
      return message;
    }
    if (cause instanceof SQLException && message.startsWith(DRIVER_PREFIX)) {
      return message.substring(DRIVER_PREFIX.length());
    }
    return null;
  }

  private static String action(Throwable cause, String message) {
    if (message.startsWith("the master secret file ")) {
      return "Mount the file that holds the master secret (e.g. a Kubernetes secret volume) where "
          + VaultProperties.PREFIX + ".master-secret-file says, or correct that property. It must hold the secret itself:"
          + " at least 32 characters; surrounding whitespace is ignored." + DISABLE;
    }
    if (message.startsWith(SpringEnvironmentMasterSecretSource.CURRENT + " is required")) {
      return "Give " + SpringEnvironmentMasterSecretSource.CURRENT + " a value (at least 32 random characters) in the property"
          + " source that holds it, or remove the property to read BETTER_AUTH_SECRET." + DISABLE;
    }
    if (message.endsWith(" is required")) {
      String variable = message.substring(0, message.length() - " is required".length());
      return "Set the environment variable " + variable + " to the application's master secret: at least 32 random"
          + " characters (a new one: openssl rand -base64 48), kept in a secrets manager. Losing it loses the encrypted data;"
          + " in tests, set a test-only value (e.g. Maven Surefire's environmentVariables)." + DISABLE;
    }
    if (message.contains("must be at least 32 characters")) {
      return "Use a master secret of at least 32 random characters (openssl rand -base64 48). If data was already"
          + " encrypted with the short one, keep it in the previous-secrets variable only until vault-admin rotate has run.";
    }
    if (message.contains("needs the master secret with fingerprint")) {
      return "Set the master secret that key version was made with: as the current secret, or listed (comma-separated)"
          + " in the previous-secrets variable (BETTER_AUTH_SECRET_PREVIOUS by default). vault-admin status shows the key versions.";
    }
    if (cause instanceof VaultException vault && vault.code() == VaultException.Code.SCHEMA) {
      return "Install or upgrade the vault tables: java -jar vault-admin-VERSION.jar install --url <the database URL> --user <admin>.";
    }
    if (cause instanceof ConfigException) {
      return "Correct the file, class or property the message names (docs/CONFIGURATION.md lists every key and error;"
          + " banata.vault.* properties: docs/FRAMEWORKS.md)." + DISABLE;
    }
    return "See the message above; docs/DRIVER.md lists the driver's errors and what to do about each." + DISABLE;
  }
}
