package dev.banata.vault.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.internal.database.VaultUrl;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.jdbc.VaultDriver;
import javax.sql.DataSource;

/**
 * HikariCP's pool reconfigured to open its connections through the vault driver: the pool then holds
 * vault connections, keeps its own type, metrics and lifecycle, and judges the vault's refusals with
 * {@link HikariRejectionOverride}. Only this class names HikariCP, which is optional.
 */
final class HikariEncryption {

  private HikariEncryption() {}

  /**
   * Reconfigures a pool that has not started and is configured by {@code jdbcUrl}; returns false for
   * anything else (not HikariCP, already started and so sealed, configured by a data source class),
   * which the caller wraps instead.
   */
  static boolean reconfigure(DataSource dataSource, VaultDriverSettings settings) {
    if (!(dataSource instanceof HikariDataSource hikari) || hikari.getHikariPoolMXBean() != null || hikari.isClosed()) {
      return false;
    }
    String url = hikari.getJdbcUrl();
    if (url == null || !url.startsWith("jdbc:")) {
      return false;
    }
    if (!VaultUrl.accepts(url)) {
      hikari.setJdbcUrl(VaultUrl.PREFIX + url.substring("jdbc:".length()));
    }
    hikari.setDriverClassName(VaultDriver.class.getName());
    settings.driverProperties().forEach((name, value) -> hikari.addDataSourceProperty((String) name, value));
    // An application that chose its own override keeps it (it may already delegate to ours).
    if (hikari.getExceptionOverrideClassName() == null && hikari.getExceptionOverride() == null) {
      hikari.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    }
    return true;
  }

  /** True for a pool that already opens its connections through the vault driver. */
  static boolean encrypts(DataSource dataSource) {
    try {
      if (dataSource.isWrapperFor(HikariDataSource.class)) {
        String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
        return VaultUrl.accepts(url);
      }
    } catch (java.sql.SQLException e) {
      return false;
    }
    return false;
  }
}
