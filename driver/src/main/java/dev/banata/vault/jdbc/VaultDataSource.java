package dev.banata.vault.jdbc;

import dev.banata.vault.config.ConnectionProperty;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.database.DriverDataSource;
import dev.banata.vault.internal.database.VaultUrl;
import dev.banata.vault.keys.MasterSecretSource;
import dev.banata.vault.metrics.VaultMetrics;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that puts the vault in front of another one, for pools and frameworks that
 * configure a data source rather than a URL:
 *
 * <pre>{@code
 * VaultDataSource vault = new VaultDataSource(pgDataSource);      // any DataSource
 * vault.setConfigLocation("classpath:vault.yaml");                // optional
 * hikariConfig.setDataSource(vault);
 * }</pre>
 *
 * <p>Or with bean properties only (e.g. HikariCP's {@code dataSourceClassName} with
 * {@code dataSourceProperties}): {@code url} (a {@code jdbc:vault:} URL), {@code user},
 * {@code password}, {@code configLocation}.
 *
 * <p>Guarantees: every connection it hands out is a vault connection; all of them share one runtime
 * (plan cache, key ring, catalog), created on the first {@code getConnection}. Settings must be made
 * before that; changing them afterwards is an {@link IllegalStateException}.
 */
public final class VaultDataSource implements DataSource {

  private DataSource delegate;
  private String url;
  private String user;
  private String password;
  private final Properties vaultProperties = new Properties();
  private VaultConfig config;
  private MasterSecretSource masterSecretSource;
  private volatile VaultRuntime runtime;

  public VaultDataSource() {}

  public VaultDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The data source whose connections are wrapped. */
  public void setDelegate(DataSource delegate) {
    checkNotStarted();
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  public DataSource getDelegate() {
    return delegate;
  }

  /** Instead of a delegate data source: a {@code jdbc:vault:...} URL (its delegate is found with {@link DriverManager}). */
  public void setUrl(String url) {
    checkNotStarted();
    if (!VaultUrl.accepts(url)) {
      throw new IllegalArgumentException("a VaultDataSource URL starts with " + VaultUrl.PREFIX);
    }
    this.url = url;
  }

  public String getUrl() {
    return url;
  }

  public void setUser(String user) {
    checkNotStarted();
    this.user = user;
  }

  public String getUser() {
    return user;
  }

  public void setPassword(String password) {
    checkNotStarted();
    this.password = password;
  }

  /** {@code vault.config}: a file path or {@code classpath:name} of the YAML configuration. */
  public void setConfigLocation(String location) {
    setVaultProperty(ConnectionProperty.CONFIG.propertyName(), location);
  }

  public String getConfigLocation() {
    return vaultProperties.getProperty(ConnectionProperty.CONFIG.propertyName());
  }

  /** A configuration built in code; takes the place of {@code vault.config}. */
  public void setConfig(VaultConfig config) {
    checkNotStarted();
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Where the master secrets are read when the first connection is opened, e.g. a secrets manager or
   * KMS; takes the place of {@code vault.master-secret-source}. See {@link MasterSecretSource}.
   */
  public void setMasterSecretSource(MasterSecretSource source) {
    checkNotStarted();
    this.masterSecretSource = Objects.requireNonNull(source, "source");
  }

  /**
   * What the driver counts for this data source: statements planned and refused, decryption failures,
   * the plan cache, key refreshes. Available before the first connection; shared with every runtime
   * of the same {@code vault.metrics-name} (default {@code vault}).
   */
  public VaultMetrics getMetrics() {
    Properties properties = (Properties) vaultProperties.clone();
    if (url != null) {
      properties.putAll(VaultUrl.parse(url).vaultProperties());
    }
    return VaultMetrics.named(RuntimeFactory.metricsName(properties));
  }

  /** Any {@code vault.*} connection property (see {@link ConnectionProperty}). */
  public void setVaultProperty(String name, String value) {
    checkNotStarted();
    if (!ConnectionProperty.isVaultProperty(name)) {
      throw new IllegalArgumentException("not a vault property: " + name);
    }
    vaultProperties.setProperty(name, value);
  }

  /** Sets every {@code vault.*} entry of {@code properties}; other entries are ignored. */
  public void setVaultProperties(Properties properties) {
    for (String name : properties.stringPropertyNames()) {
      if (ConnectionProperty.isVaultProperty(name)) {
        setVaultProperty(name, properties.getProperty(name));
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    VaultRuntime current = runtime();
    return VaultConnection.wrap(source().getConnection(), current);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    VaultRuntime current = runtime();
    return VaultConnection.wrap(source().getConnection(username, password), current);
  }

  private DataSource source() throws SQLException {
    DataSource source = delegate;
    if (source == null) {
      if (url == null) {
        throw VaultSqlException.of("VaultDataSource needs a delegate data source or a jdbc:vault: URL",
            VaultSqlState.CONNECTION_FAILURE);
      }
      VaultUrl parsed = VaultDriver.parse(url);
      Properties properties = new Properties();
      if (user != null) {
        properties.setProperty("user", user);
      }
      if (password != null) {
        properties.setProperty("password", password);
      }
      source = new DriverDataSource(DriverManager.getDriver(parsed.delegateUrl()), parsed.delegateUrl(), properties);
      delegate = source;
    }
    return source;
  }

  private VaultRuntime runtime() throws SQLException {
    VaultRuntime current = runtime;
    if (current == null) {
      synchronized (this) {
        current = runtime;
        if (current == null) {
          Properties properties = (Properties) vaultProperties.clone();
          if (url != null) {
            properties.putAll(VaultDriver.parse(url).vaultProperties());
          }
          VaultConfig effective = config != null ? config
              : RuntimeFactory.config(properties, Thread.currentThread().getContextClassLoader());
          current = RuntimeFactory.create(effective, properties, source(), masterSecretSource,
              Thread.currentThread().getContextClassLoader());
          runtime = current;
        }
      }
    }
    return current;
  }

  /** The runtime's plan cache statistics, for monitoring: hits, misses, size. */
  public String planCacheStatistics() throws SQLException {
    return runtime().plans().toString();
  }

  private void checkNotStarted() {
    if (runtime != null) {
      throw new IllegalStateException("VaultDataSource settings cannot change after the first connection");
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate == null ? null : delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    if (delegate != null) {
      delegate.setLogWriter(out);
    }
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    if (delegate != null) {
      delegate.setLoginTimeout(seconds);
    }
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate == null ? 0 : delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("dev.banata.vault.jdbc");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (delegate != null && (type.isInstance(delegate) || delegate.isWrapperFor(type))) {
      return type.isInstance(delegate) ? type.cast(delegate) : delegate.unwrap(type);
    }
    throw Unwrapping.notAWrapperFor(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || (delegate != null && (type.isInstance(delegate) || delegate.isWrapperFor(type)));
  }

  @Override
  public String toString() {
    return "VaultDataSource[" + (config != null ? config : getConfigLocation()) + "]";
  }
}
