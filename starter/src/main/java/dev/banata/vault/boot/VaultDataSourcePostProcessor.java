package dev.banata.vault.boot;

import dev.banata.vault.jdbc.VaultDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts the vault in front of every {@link DataSource} bean, after Spring Boot has bound its
 * {@code spring.datasource.*} properties (so {@code spring.datasource.url} stays the application's
 * ordinary {@code jdbc:postgresql:} URL):
 *
 * <ul>
 *   <li>a HikariCP pool that has not started is reconfigured in place ({@link HikariEncryption}): same
 *       bean, same type, pooled connections are vault connections, the exception override is set;
 *   <li>any other data source is replaced by a {@link VaultDataSource} over it, which wraps each
 *       connection it hands out. Spring still closes the original with the context (it registers
 *       a bean's destruction on the instance it created, not on what post-processors return).
 * </ul>
 *
 * A data source that already goes through the vault (a {@code jdbc:vault:} URL, a
 * {@code VaultDataSource}, or a proxy over either) is left alone: encrypting twice would store
 * ciphertext of ciphertext.
 */
final class VaultDataSourcePostProcessor implements BeanPostProcessor, Ordered {

  private static final boolean HIKARI_PRESENT =
      ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", VaultDataSourcePostProcessor.class.getClassLoader());

  private final ObjectProvider<VaultDriverSettings> settings;

  VaultDataSourcePostProcessor(ObjectProvider<VaultDriverSettings> settings) {
    this.settings = settings;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource dataSource) || bean instanceof VaultDataSource) {
      return bean;
    }
    VaultDriverSettings current = settings.getObject();
    // First, so that a pool left on a jdbc:vault: URL still gets the banata.vault.* settings and the override.
    if (HIKARI_PRESENT && HikariEncryption.reconfigure(dataSource, current)) {
      return bean;
    }
    if (alreadyEncrypting(dataSource)) {
      return bean;
    }
    VaultDataSource vault = new VaultDataSource(dataSource);
    vault.setVaultProperties(current.driverProperties());
    vault.setConfig(current.config());
    return vault;
  }

  private static boolean alreadyEncrypting(DataSource dataSource) {
    try {
      if (dataSource.isWrapperFor(VaultDataSource.class)) {
        return true;
      }
    } catch (SQLException | RuntimeException e) {
      // A proxy that cannot answer is treated as plain; the Hikari check below may still know better.
    }
    return HIKARI_PRESENT && HikariEncryption.encrypts(dataSource);
  }

  @Override
  public int getOrder() {
    // After Spring Boot's binding of spring.datasource.* (which runs before initialization) and after
    // other post-processors, so that what we see is the data source the application configured.
    return Ordered.LOWEST_PRECEDENCE;
  }
}
