package dev.banata.vault.jdbc;

import dev.banata.vault.internal.sql.ParameterBinding;
import dev.banata.vault.internal.sql.ParameterRole;
import dev.banata.vault.internal.sql.PhysicalStatement;
import dev.banata.vault.internal.sql.StatementPlan;
import dev.banata.vault.internal.sql.Storage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Applies an application's parameter values to the delegate in a plan's physical layout: plain
 * values as they were set, values for encrypted columns as ciphertext (VALUE: one at the primary
 * key version; MATCH: one per live version, each in its own slot). SQL NULL stays NULL.
 */
final class ParameterEncoder {

  private final StatementPlan plan;
  private final ColumnCrypto crypto;

  ParameterEncoder(StatementPlan plan, ColumnCrypto crypto) {
    this.plan = plan;
    this.crypto = crypto;
  }

  /**
   * Sets every bound value on {@code target}.
   *
   * @return false when the live key versions changed since {@code physical} was chosen (a MATCH
   *     gave a different number of candidates); the caller lays out again and retries
   */
  boolean apply(ParameterValues values, PhysicalStatement physical, PreparedStatement target) throws SQLException {
    int count = plan.parameterCount();
    for (int index = 1; index <= count; index++) {
      ParameterValues.Binding binding = values.get(index);
      if (binding == null) {
        continue; // the delegate reports the missing value when it executes
      }
      ParameterBinding parameter = plan.parameter(index);
      if (parameter.role() == ParameterRole.PLAIN) {
        binding.setter().apply(target, physical.physicalIndex(index, 0));
      } else if (binding.value() == null) {
        for (int version = 0; version < physical.slotCount(index); version++) {
          target.setNull(physical.physicalIndex(index, version), parameter.storage() == Storage.BYTEA ? Types.BINARY : Types.VARCHAR);
        }
      } else if (parameter.role() == ParameterRole.SEARCH) {
        // A pattern, not a column value: read as text, decided now (refused here, before anything is sent).
        set(target, physical.physicalIndex(index, 0), crypto.searchPattern(parameter.column(), parameter.search(), binding.value()));
      } else {
        Object value = ValueConversion.forColumn(binding.value(), parameter.column());
        if (parameter.role() == ParameterRole.VALUE) {
          set(target, physical.physicalIndex(index, 0), crypto.encrypt(parameter.column(), parameter.storage(), value));
        } else {
          List<?> candidates = crypto.matchCandidates(parameter.column(), parameter.storage(), value);
          if (candidates.size() != physical.slotCount(index)) {
            return false;
          }
          for (int version = 0; version < candidates.size(); version++) {
            set(target, physical.physicalIndex(index, version), candidates.get(version));
          }
        }
      }
    }
    return true;
  }

  private static void set(PreparedStatement target, int physicalIndex, Object ciphertext) throws SQLException {
    if (ciphertext instanceof byte[] bytes) {
      target.setBytes(physicalIndex, bytes);
    } else {
      target.setString(physicalIndex, (String) ciphertext);
    }
  }
}
