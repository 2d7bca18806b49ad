package dev.banata.vault.admin;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The admin command's database as a {@link DataSource}: every connection is a new plain pgjdbc connection. */
final class SessionDataSource implements DataSource {

  private final DatabaseOptions.Database database;

  SessionDataSource(DatabaseOptions.Database database) {
    this.database = database;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      return database.connect();
    } catch (AdminFailure e) {
      throw new SQLException(e.getMessage(), "08001", e);
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the admin command's data source uses the command's own login");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // No driver logging from the admin command.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // pgjdbc's own default applies.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
