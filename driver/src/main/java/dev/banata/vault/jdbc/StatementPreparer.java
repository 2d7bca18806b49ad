package dev.banata.vault.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the application asked for its statement ({@code prepareStatement(sql, RETURN_GENERATED_KEYS)},
 * {@code prepareCall(sql, type, concurrency)}, ...), kept so that the delegate can be prepared again
 * the same way with other SQL when the physical layout changes.
 */
@FunctionalInterface
interface StatementPreparer {
  PreparedStatement prepare(Connection delegate, String physicalSql) throws SQLException;
}
