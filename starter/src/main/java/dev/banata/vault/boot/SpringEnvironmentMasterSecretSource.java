package dev.banata.vault.boot;

import dev.banata.vault.internal.keys.DescribedMasterSecretSource;
import dev.banata.vault.keys.MasterSecretSet;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The master secrets from Spring's {@link Environment}: {@code banata.vault.master-secret} and
 * {@code banata.vault.previous-master-secrets} (a list or comma-separated), from wherever the
 * application's property sources read them (a config server, Spring Cloud Vault, a mounted
 * {@code configtree:}, an environment variable {@code BANATA_VAULT_MASTER_SECRET}). Read when the
 * vault starts. Not a {@code @ConfigurationProperties} field, so no properties bean, and no
 * {@code /actuator/configprops} entry, ever holds the value.
 */
final class SpringEnvironmentMasterSecretSource implements DescribedMasterSecretSource {

  static final String CURRENT = VaultProperties.PREFIX + ".master-secret";
  static final String PREVIOUS = VaultProperties.PREFIX + ".previous-master-secrets";

  private final Environment environment;

  SpringEnvironmentMasterSecretSource(Environment environment) {
    this.environment = environment;
  }

  /** True when the application sets {@code banata.vault.master-secret}. */
  static boolean isConfigured(Environment environment) {
    return environment.containsProperty(CURRENT);
  }

  @Override
  public MasterSecretSet load() {
    MasterSecretSet secrets = MasterSecretSet.of(environment.getProperty(CURRENT), CURRENT);
    List<String> entries = Binder.get(environment).bind(PREVIOUS, Bindable.listOf(String.class)).orElse(List.of());
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i) == null ? "" : entries.get(i).strip();
      if (!entry.isEmpty()) {
        secrets = secrets.withPrevious(entry, PREVIOUS + " entry " + (i + 1));
      }
    }
    return secrets;
  }

  @Override
  public String toString() {
    return "MasterSecretSource[Spring property " + CURRENT + "]";
  }
}
