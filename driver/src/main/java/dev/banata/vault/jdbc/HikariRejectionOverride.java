package dev.banata.vault.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP that an exception raised by the vault layer itself does not mean the connection is
 * broken. HikariCP evicts a connection on SQLState {@code 0A000}, which is the state of every
 * statement the vault refuses (and which was never sent); without this override each refusal costs
 * the pooled connection, and the application's transaction with it.
 *
 * <pre>{@code
 * hikariConfig.setExceptionOverrideClassName("dev.banata.vault.jdbc.HikariRejectionOverride");
 * }</pre>
 *
 * <p>Exceptions from the database keep HikariCP's own judgement. HikariCP is an optional
 * dependency: this class is only loaded when HikariCP asks for it.
 */
public final class HikariRejectionOverride implements SQLExceptionOverride {

  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException exception) {
    return exception instanceof VaultSqlException ? SQLExceptionOverride.Override.DO_NOT_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
