package dev.banata.vault.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * A job cut short by the database ends with the exit code the runbooks name, not 70 (a bug): a lost
 * connection is 4, a cancelled statement 8, a server that cannot take writes (read-only, disk full) 9,
 * whatever wraps them; any other database error stays 70.
 * (End to end: ServerRestartDuringJobsAndTrafficTest, NetworkCutAndStatementTimeoutDuringAdminJobsTest.)
 */
class DatabaseInterruptionTest {

  @Test
  void aLostConnectionIsCode4() {
    AdminFailure failure = DatabaseInterruption.of(new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE));
    assertThat(failure.exitCode()).isEqualTo(ExitCode.DATABASE);
    assertThat(failure.getMessage()).isEqualTo("lost the connection to the database (SQLState 08006: An I/O error occurred while sending to the backend.);"
        + " batches already written stay done: run the same command again to continue");
  }

  @Test
  void closingAConnectionWhoseSocketWasResetIsCode4() {
    // pgjdbc 42.7 gives this one no connection SQLState; only its cause says the socket failed.
    PSQLException close = new PSQLException("Unable to close connection properly", PSQLState.UNKNOWN_STATE, new SocketException("Connection reset"));
    assertThat(DatabaseInterruption.of(close).exitCode()).isEqualTo(ExitCode.DATABASE);
  }

  @Test
  void aServerShuttingDownOrStartingUpIsCode4() {
    for (String state : new String[] {"57P01", "57P02", "57P03"}) {
      assertThat(DatabaseInterruption.of(new SQLException("terminating connection", state)).exitCode()).as(state).isEqualTo(ExitCode.DATABASE);
    }
  }

  @Test
  void aCancelledStatementIsCode8WhereverItIsWrapped() {
    RuntimeException wrapped = new IllegalStateException(new SQLException("canceling statement due to statement timeout", "57014"));
    AdminFailure failure = DatabaseInterruption.of(wrapped);
    assertThat(failure.exitCode()).isEqualTo(ExitCode.INCOMPLETE);
    assertThat(failure.getMessage()).startsWith("the database cancelled a statement of the job (SQLState 57014: canceling statement due to statement timeout;");
    assertThat(DatabaseInterruption.of(new SQLException("canceling statement due to lock timeout", "55P03")).exitCode()).isEqualTo(ExitCode.INCOMPLETE);
  }

  @Test
  void aReadOnlyServerIsCode9AndTheMessageSaysHowToMakeItWritable() {
    AdminFailure failure = DatabaseInterruption.of(new IllegalStateException(new SQLException("cannot execute UPDATE in a read-only transaction", "25006")));
    assertThat(failure.exitCode()).isEqualTo(ExitCode.UNWRITABLE);
    assertThat(failure.getMessage()).isEqualTo("the database is read-only (SQLState 25006: cannot execute UPDATE in a read-only transaction):"
        + " --url points at a standby, or default_transaction_read_only is on; the batch it refused wrote nothing; batches already written stay done:"
        + " once the server takes writes again, run the same command to continue (pg_ctl promote, or ALTER SYSTEM RESET default_transaction_read_only"
        + " and SELECT pg_reload_conf(), or --url the primary)");
  }

  @Test
  void aFullDiskIsCode9AndTheMessageSaysToFreeSpace() {
    AdminFailure failure = DatabaseInterruption.of(new SQLException("could not extend file \"base/5/16384\": No space left on device", "53100"));
    assertThat(failure.exitCode()).isEqualTo(ExitCode.UNWRITABLE);
    assertThat(failure.getMessage()).startsWith("the database is out of disk space (SQLState 53100: could not extend file \"base/5/16384\": No space left on device);"
        + " the batch it refused wrote nothing; batches already written stay done: once the server takes writes again, run the same command to continue (free or add space");
  }

  @Test
  void otherDatabaseErrorsAreNotInterruptions() {
    assertThat(DatabaseInterruption.of(new SQLException("duplicate key value violates unique constraint", "23505"))).isNull();
    assertThat(DatabaseInterruption.of(new SQLException("no state"))).isNull();
    assertThat(DatabaseInterruption.of(new IllegalStateException("a bug"))).isNull();
  }
}
