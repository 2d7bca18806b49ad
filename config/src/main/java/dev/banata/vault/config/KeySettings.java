package dev.banata.vault.config;

import java.util.Objects;

/**
 * Where the master secrets come from: the names of environment variables, never the secrets.
 *
 * @param secretEnv the variable holding the current master secret ({@code BETTER_AUTH_SECRET})
 * @param previousSecretsEnv the variable holding earlier secrets, comma-separated ({@code BETTER_AUTH_SECRET_PREVIOUS})
 */
public record KeySettings(String secretEnv, String previousSecretsEnv) {

  public static final KeySettings DEFAULT = new KeySettings("BETTER_AUTH_SECRET", "BETTER_AUTH_SECRET_PREVIOUS");

  public KeySettings {
    Objects.requireNonNull(secretEnv, "secretEnv");
    Objects.requireNonNull(previousSecretsEnv, "previousSecretsEnv");
  }
}
