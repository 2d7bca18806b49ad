package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.LiteralEncryptor;
import dev.banata.vault.internal.sql.LiteralSlot;
import dev.banata.vault.internal.sql.ParameterRole;
import dev.banata.vault.internal.sql.PhysicalStatement;
import dev.banata.vault.internal.sql.StatementPlan;
import java.sql.SQLException;
import java.util.List;

/**
 * Renders the SQL of a plain statement with every literal bound for an encrypted column replaced by
 * its ciphertext, freshly on every execution (randomized ciphertexts differ each time, and nothing
 * derived from a plaintext literal is cached).
 */
final class LiteralCiphertexts {

  private LiteralCiphertexts() {}

  /** The SQL to send for {@code plan}; re-lays it out once if the key ring changed under it. */
  static String render(StatementPlan plan, VaultRuntime runtime) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      PhysicalStatement physical = runtime.physical(plan, runtime.liveVersions());
      if (!physical.hasLiterals()) {
        return physical.sql();
      }
      try {
        return physical.render(encryptor(runtime));
      } catch (UncheckedSql e) {
        throw e.getCause();
      } catch (LayoutChanged e) {
        if (attempt > 0) {
          throw VaultSqlException.of("the key versions changed twice while a statement was prepared; try again",
              VaultSqlState.DATA_EXCEPTION);
        }
      }
    }
  }

  private static LiteralEncryptor encryptor(VaultRuntime runtime) {
    ColumnCrypto crypto = runtime.crypto();
    return (LiteralSlot literal, int liveVersions) -> {
      try {
        if (literal.role() == ParameterRole.SEARCH) {
          return List.of(crypto.searchPattern(literal.column(), literal.search(), literal.text()));
        }
        if (literal.role() == ParameterRole.MATCH) {
          List<?> candidates = crypto.matchCandidates(literal.column(), literal.storage(), literal.text());
          if (candidates.size() != liveVersions) {
            throw new LayoutChanged();
          }
          return candidates;
        }
        return List.of(crypto.encrypt(literal.column(), literal.storage(), literal.text()));
      } catch (SQLException e) {
        throw new UncheckedSql(e);
      }
    };
  }

  /** The live key versions changed between choosing the layout and encrypting: lay out again. */
  static final class LayoutChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LayoutChanged() {
      super(null, null, false, false);
    }
  }

  private static final class UncheckedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSql(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
