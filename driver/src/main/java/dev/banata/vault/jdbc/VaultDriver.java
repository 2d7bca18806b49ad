package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.database.DriverDataSource;
import dev.banata.vault.internal.database.VaultUrl;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The vault JDBC driver: {@code jdbc:vault:} followed by the delegate's URL without its
 * {@code jdbc:} ({@code jdbc:vault:postgresql://db:5432/app}).
 *
 * <p>Guarantees: {@link #connect} returns {@code null} for any other URL (so {@link DriverManager}
 * tries the next driver); the prefix is stripped exactly once; {@code vault.*} properties (from the
 * {@link Properties} or the URL's query string, which wins) configure the vault and never reach the
 * delegate, every other property reaches it unchanged. Connections with the same vault properties
 * to the same database share one runtime: one plan cache, one key ring, one catalog. Registered
 * with {@link DriverManager} when the class is loaded, and through
 * {@code META-INF/services/java.sql.Driver}.
 */
public final class VaultDriver implements Driver {

  private static final VaultDriver INSTANCE = new VaultDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Shared by every instance (a pool may instantiate the class itself): one runtime per configuration per process. */
  private static final RuntimeRegistry RUNTIMES = new RuntimeRegistry();

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    VaultUrl parsed = parse(url);
    if (VaultUrl.accepts(parsed.delegateUrl())) {
      throw VaultSqlException.of("the delegate URL must not be a jdbc:vault: URL again", VaultSqlState.CONNECTION_FAILURE);
    }
    Properties vaultProperties = parsed.vaultProperties(info);
    Properties delegateProperties = VaultUrl.delegateProperties(info);
    Driver delegate = DriverManager.getDriver(parsed.delegateUrl());
    VaultRuntime runtime = RUNTIMES.runtimeFor(vaultProperties, parsed.delegateUrl(), delegateProperties.getProperty("user"), () -> {
      VaultConfig config = RuntimeFactory.config(vaultProperties, contextClassLoader());
      return RuntimeFactory.create(config, vaultProperties, new DriverDataSource(delegate, parsed.delegateUrl(), delegateProperties));
    });
    Connection connection = delegate.connect(parsed.delegateUrl(), delegateProperties);
    if (connection == null) {
      throw VaultSqlException.of("no driver accepts the delegate URL", VaultSqlState.CONNECTION_FAILURE);
    }
    return VaultConnection.wrap(connection, runtime);
  }

  /** {@link VaultUrl#parse} with a badly encoded vault parameter refused as a connection failure. */
  static VaultUrl parse(String url) throws SQLException {
    try {
      return VaultUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw VaultSqlException.of(e.getMessage(), VaultSqlState.CONNECTION_FAILURE, e);
    }
  }

  private static ClassLoader contextClassLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : VaultDriver.class.getClassLoader();
  }

  /** A pure prefix check: {@code jdbc:vault:}. */
  @Override
  public boolean acceptsURL(String url) {
    return VaultUrl.accepts(url);
  }

  /** Every {@link ConnectionProperty}, then the delegate driver's own properties. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    List<DriverPropertyInfo> properties = new ArrayList<>();
    for (ConnectionProperty property : ConnectionProperty.values()) {
      DriverPropertyInfo described = new DriverPropertyInfo(property.propertyName(), property.get(info));
      described.description = property.description();
      described.required = false;
      described.choices = property.allowedValues().isEmpty() ? null : property.allowedValues().toArray(new String[0]);
      properties.add(described);
    }
    if (acceptsURL(url)) {
      VaultUrl parsed = parse(url);
      Driver delegate = DriverManager.getDriver(parsed.delegateUrl());
      properties.addAll(List.of(delegate.getPropertyInfo(parsed.delegateUrl(), VaultUrl.delegateProperties(info))));
    }
    return properties.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** False: statements the ciphertext cannot answer are refused, which full compliance would not allow. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.banata.vault.jdbc");
  }
}
