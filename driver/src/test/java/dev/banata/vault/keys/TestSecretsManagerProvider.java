package dev.banata.vault.keys;

import java.util.Properties;

/**
 * A {@link MasterSecretProvider} as an application would write one for its secrets manager; here
 * the "manager" is a constant. Listed in {@code META-INF/services}.
 */
public final class TestSecretsManagerProvider implements MasterSecretProvider {

  static final String NAME = "test-secrets-manager";
  static final String SECRET = "secrets-manager-master-secret-0123456789";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MasterSecretSource source(Properties vaultProperties) {
    return () -> MasterSecretSet.of(SECRET, "test secrets manager entry vault/master");
  }
}
