package dev.banata.vault.boot;

import dev.banata.vault.metrics.VaultMetrics;
import dev.banata.vault.metrics.micrometer.VaultMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The vault's meters ({@code vault.statements.refused}, {@code vault.plan.cache.hits}, ...; see
 * docs/FRAMEWORKS.md) in the application's Micrometer registry, when Micrometer is on the class path:
 * Spring Boot's metrics support binds every {@link MeterBinder} bean, so they show in
 * {@code /actuator/metrics} and in whatever the registry exports to.
 */
@AutoConfiguration(after = VaultAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(VaultDriverSettings.class)
public class VaultMetricsAutoConfiguration {

  /** Closed with the context: new tag series stop going to its registry. */
  @Bean
  @ConditionalOnMissingBean
  VaultMeterBinder vaultMeterBinder(VaultDriverSettings settings) {
    return new VaultMeterBinder(VaultMetrics.named(settings.metricsName()));
  }
}
