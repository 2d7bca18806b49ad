package dev.banata.vault.boot;

import dev.banata.vault.Vault;
import dev.banata.vault.VaultAuditListener;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScanPackages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Banata Vault for a Spring Boot application: with this starter on the class path (and
 * {@code banata.vault.enabled} not false) the application's {@link DataSource} goes through the vault,
 * its URL unchanged, and a {@link Vault} bean (named secrets) is built on it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnProperty(prefix = VaultProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VaultProperties.class)
public class VaultAutoConfiguration {

  private static final boolean ENTITY_SCAN_PRESENT = ClassUtils.isPresent(
      "org.springframework.boot.persistence.autoconfigure.EntityScanPackages", VaultAutoConfiguration.class.getClassLoader());

  /** Only this class names spring-boot-persistence, which is optional. */
  private static final class EntityScanPackageNames {
    static List<String> of(BeanFactory beanFactory) {
      return EntityScanPackages.get(beanFactory).getPackageNames();
    }
  }

  /** Static, so that registering it does not create this configuration class early. */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static BeanPostProcessor vaultDataSourcePostProcessor(ObjectProvider<VaultDriverSettings> settings) {
    return new VaultDataSourcePostProcessor(settings);
  }

  @Bean
  @ConditionalOnMissingBean
  VaultDriverSettings vaultDriverSettings(VaultProperties properties, BeanFactory beanFactory, Environment environment) {
    Set<String> applicationPackages = new LinkedHashSet<>();
    if (AutoConfigurationPackages.has(beanFactory)) {
      applicationPackages.addAll(AutoConfigurationPackages.get(beanFactory));
    }
    if (ENTITY_SCAN_PRESENT) {
      applicationPackages.addAll(EntityScanPackageNames.of(beanFactory));
    }
    ClassLoader loader = beanFactory instanceof ConfigurableBeanFactory configurable
        && configurable.getBeanClassLoader() != null ? configurable.getBeanClassLoader() : VaultAutoConfiguration.class.getClassLoader();
    return VaultDriverSettings.resolve(properties, List.copyOf(applicationPackages), loader,
        SpringEnvironmentMasterSecretSource.isConfigured(environment) ? new SpringEnvironmentMasterSecretSource(environment) : null);
  }

  /**
   * The named-secrets API on the same data source; its master secrets come from the same source as the
   * driver's ({@code banata.vault.master-secret}, a file, or the variables {@code vault.yaml}'s {@code keys} names). Every {@link VaultAuditListener} bean receives its events.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(DataSource.class)
  Vault vault(DataSource dataSource, VaultDriverSettings settings, ObjectProvider<VaultAuditListener> listeners) {
    // The source already reads the variables vault.yaml's keys name (a master secret source takes precedence
    // over the builder's variables, so naming them again would change nothing).
    Vault.Builder builder = Vault.builder(dataSource)
        .masterSecretSource(settings.masterSecretSource())
        .keyRefreshInterval(settings.keyRefreshInterval());
    listeners.orderedStream().forEach(builder::auditListener);
    return builder.build();
  }
}
