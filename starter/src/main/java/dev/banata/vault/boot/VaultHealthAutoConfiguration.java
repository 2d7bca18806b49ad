package dev.banata.vault.boot;

import dev.banata.vault.internal.secrets.VaultAccess;
import dev.banata.vault.Vault;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code vault} health indicator, when Spring Boot's health support (Actuator) is on the class path. */
@AutoConfiguration(after = VaultAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({Vault.class, VaultDriverSettings.class})
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnEnabledHealthIndicator("vault")
public class VaultHealthAutoConfiguration {

  /** Named {@code vaultHealthIndicator}, so it shows as {@code vault} in /actuator/health. */
  @Bean
  @ConditionalOnMissingBean(name = "vaultHealthIndicator")
  HealthIndicator vaultHealthIndicator(DataSource dataSource, Vault vault, VaultDriverSettings settings) {
    return new VaultHealthIndicator(dataSource, VaultAccess.keyRing(vault).secrets(), settings.config().keys(),
        settings.masterSecretSource().toString());
  }
}
