package dev.banata.vault.internal.database;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC driver, a URL and connection properties as a {@link DataSource}: every
 * {@link #getConnection()} is a new connection of that driver. The one driver-backed data source of
 * the code base: what a driver runtime reads on its own ({@code vault_key}), a {@code VaultDataSource}
 * configured with a URL, and the admin command's library calls all connect through it.
 *
 * <p>The properties are copied when it is made (later changes of the caller's object do not reach
 * it); {@link #getConnection(String, String)} overrides user and password for that one connection.
 * {@link #toString()} names neither the URL's query nor the password.
 */
public final class DriverDataSource implements DataSource {

  private final Driver driver;
  private final String url;
  private final Properties properties;

  public DriverDataSource(Driver driver, String url, Properties properties) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.url = Objects.requireNonNull(url, "url");
    this.properties = (Properties) properties.clone();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties credentials = (Properties) properties.clone();
    if (username != null) {
      credentials.setProperty("user", username);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    return connect(credentials);
  }

  private Connection connect(Properties with) throws SQLException {
    Connection connection = driver.connect(url, with);
    if (connection == null) {
      // Driver.connect answers null for a URL that is not its own: a data source must not.
      throw new SQLNonTransientConnectionException("the driver " + driver.getClass().getName() + " did not accept "
          + VaultUrl.withoutQuery(url), ServerSqlState.CONNECTION_FAILURE.code());
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Not used: the driver logs as it is configured to.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // Not used: the driver's own login timeout (a connection property) applies.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    // The JDBC contract's own answer for a data source that does not log through java.util.logging.
    throw new SQLFeatureNotSupportedException();
  }

  /** The JDBC contract's answer: this data source wraps nothing (no SQLState, as pgjdbc and HikariCP answer it). */
  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "DriverDataSource[" + VaultUrl.withoutQuery(url) + "]";
  }
}
