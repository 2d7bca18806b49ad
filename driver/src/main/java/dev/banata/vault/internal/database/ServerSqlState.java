package dev.banata.vault.internal.database;

import java.sql.SQLException;

/**
 * Every SQLState of PostgreSQL (and of pgjdbc) that the engine reads to decide what to do, and the one
 * it raises itself below the JDBC layer ({@link #CONNECTION_FAILURE}, as pgjdbc does). The vault's
 * own states, the ones an application sees from the driver, are {@code dev.banata.vault.jdbc.VaultSqlState}:
 * together the two are the error catalogue, and no SQLState is written anywhere else.
 */
public enum ServerSqlState {

  /** {@code unique_violation}: a unique index refused a written value. */
  UNIQUE_VIOLATION("23505"),
  /** {@code serialization_failure}: the transaction may be retried. */
  SERIALIZATION_FAILURE("40001"),
  /** {@code deadlock_detected}: the transaction may be retried. */
  DEADLOCK_DETECTED("40P01"),
  /** {@code read_only_sql_transaction}: a standby, or {@code default_transaction_read_only} is on. */
  READ_ONLY_SQL_TRANSACTION("25006"),
  /** {@code undefined_table}: for us, the vault's tables are not installed. */
  UNDEFINED_TABLE("42P01"),
  /** {@code lock_not_available}: {@code lock_timeout} ran out. */
  LOCK_NOT_AVAILABLE("55P03"),
  /** {@code disk_full}: the server could not extend a file. */
  DISK_FULL("53100"),
  /** {@code query_canceled}: {@code statement_timeout} or {@code pg_cancel_backend}. */
  QUERY_CANCELED("57014"),
  /** {@code admin_shutdown}: the server is shutting down. */
  ADMIN_SHUTDOWN("57P01"),
  /** {@code crash_shutdown}: the server is restarting after a crash. */
  CRASH_SHUTDOWN("57P02"),
  /** {@code cannot_connect_now}: the server is starting up. */
  CANNOT_CONNECT_NOW("57P03"),
  /**
   * {@code sqlclient_unable_to_establish_sqlconnection}, of class {@code 08}: what pgjdbc and HikariCP
   * answer when no connection can be had, and what {@link DriverDataSource} raises when its driver
   * does not accept the URL.
   */
  CONNECTION_FAILURE("08001");

  /** The SQLState class "connection exception": every state that starts with it means the connection is gone. */
  private static final String CONNECTION_EXCEPTION_CLASS = "08";

  private final String code;

  ServerSqlState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** Whether {@code e} carries this state. */
  public boolean of(SQLException e) {
    return code.equals(e.getSQLState());
  }

  /** Whether {@code e}'s state is of class {@code 08}, connection exception. */
  public static boolean connectionException(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS);
  }
}
