package dev.banata.vault.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The delegate database as a {@link DataSource}, for what a runtime reads on its own (the key
 * versions in {@code vault_key}), and for a {@link VaultDataSource} configured with a URL: connects
 * with the delegate driver, URL and properties the application connected with.
 */
final class DelegateDriverDataSource implements DataSource {

  private final Driver driver;
  private final String url;
  private final Properties properties;

  DelegateDriverDataSource(Driver driver, String url, Properties properties) {
    this.driver = driver;
    this.url = url;
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
      throw VaultSqlException.of("the delegate driver did not accept its URL", VaultSqlState.CONNECTION_FAILURE);
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Not used.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // Not used.
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

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw Unwrapping.notAWrapperFor(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  @Override
  public String toString() {
    return "DelegateDriverDataSource";
  }
}
