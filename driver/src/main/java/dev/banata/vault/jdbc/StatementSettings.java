package dev.banata.vault.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/** Carries what the application set on a statement over to its re-prepared delegate. */
final class StatementSettings {

  private StatementSettings() {}

  static void copy(Statement from, Statement to) throws SQLException {
    to.setFetchSize(from.getFetchSize());
    to.setMaxRows(from.getMaxRows());
    to.setMaxFieldSize(from.getMaxFieldSize());
    to.setQueryTimeout(from.getQueryTimeout());
    to.setFetchDirection(from.getFetchDirection());
    to.setPoolable(from.isPoolable());
    if (from.isCloseOnCompletion()) {
      to.closeOnCompletion();
    }
  }
}
