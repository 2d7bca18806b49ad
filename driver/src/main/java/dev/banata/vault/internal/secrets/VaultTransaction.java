package dev.banata.vault.internal.secrets;

import dev.banata.vault.Vault;
import dev.banata.vault.VaultException;
import dev.banata.vault.internal.database.ServerSqlState;
import dev.banata.vault.internal.database.Transaction;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The shared {@link Transaction} rule for the Vault API, with database failures turned into {@link VaultException}s. */
final class VaultTransaction {

  private VaultTransaction() {}

  /** {@link Transaction#run(DataSource, Transaction.Work)} on a connection of its own; failures as {@link #translate}. */
  static <T> T run(DataSource dataSource, Transaction.Work<T> work) {
    try {
      return Transaction.run(dataSource, work);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static VaultException translate(SQLException e) {
    if (ServerSqlState.UNDEFINED_TABLE.of(e)) {
      return new VaultException(VaultException.Code.SCHEMA,
          "The vault tables are not installed; run Vault.install or the admin command's install", e);
    }
    return new VaultException(VaultException.Code.DATABASE,
        "Vault database operation failed (SQLState " + e.getSQLState() + ")", e);
  }
}
