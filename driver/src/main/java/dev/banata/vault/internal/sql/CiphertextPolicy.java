package dev.banata.vault.internal.sql;

import static dev.banata.vault.internal.sql.Rejection.Reason.EXPRESSION;
import static dev.banata.vault.internal.sql.Rejection.Reason.MIXED_VALUES;
import static dev.banata.vault.internal.sql.Rejection.Reason.ORDER_BY;
import static dev.banata.vault.internal.sql.Rejection.Reason.RANDOMIZED_EQUALITY;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.EncryptedTableSpec;
import java.util.List;

/**
 * What the database may do with an encrypted column, which holds only ciphertext. One method per
 * row of the table "What is refused, and why" in docs/SQL.md; each throws {@link Refused} naming the
 * column and the operation, never a value. The walker calls these wherever an operand's
 * {@link Origin} is known; it decides nothing about encryption itself.
 *
 * <p>What is allowed on any encrypted column: {@code IS [NOT] NULL}, selecting it, {@code COUNT(col)},
 * copying it to a column with the same encryption. On a deterministic column also equality with a
 * value we encrypt ({@code =}, {@code <>}, {@code IN}), and equality-based operations against a column
 * of the same encryption, which compare stored ciphertexts and so hold only while one key version is
 * live ({@link #requireStoredEquality}).
 *
 * <p>One instance per walk: it remembers the first comparison of stored ciphertexts it allowed.
 */
final class CiphertextPolicy {

  /** The first comparison of stored ciphertexts the walk met, or null. */
  private KeyRotationConflict keyRotationConflict;

  /** Set when the statement makes the database compare stored ciphertexts: correct only while one key version is live. */
  KeyRotationConflict keyRotationConflict() {
    return keyRotationConflict;
  }

  /**
   * {@code LIKE}, {@code ILIKE}, {@code SIMILAR TO}, {@code ~}, {@code <}, {@code >}, {@code <=},
   * {@code >=}, {@code BETWEEN}, {@code IS DISTINCT FROM}, {@code IS TRUE}: ciphertext has no order
   * and no substrings ({@code reason}: a pattern match or an ordering).
   */
  void refuseOrderOrPattern(Origin operand, Rejection.Reason reason, String operation) {
    if (operand.isEncrypted()) {
      throw Refused.on(operand.column(), reason, operation);
    }
  }

  /**
   * {@code ORDER BY} of a sub-query, derived table, CTE or set-operation branch (by name, alias,
   * position): the order of ciphertexts is meaningless, and the driver orders only the rows of the
   * outermost query ({@link OuterOrderBy}).
   */
  void refuseSorting(Origin key) {
    if (key.isEncrypted()) {
      throw Refused.on(key.column(), ORDER_BY, "ORDER BY inside a sub-query, derived table or CTE (the driver orders only the rows"
          + " of the outermost query; move the ORDER BY there)");
    }
  }

  /**
   * {@code ORDER BY} on an encrypted column of the outermost query, which the driver orders itself
   * after decrypting: refused when ordering the rows afterwards would not be the database's answer.
   * With {@code LIMIT}/{@code OFFSET}/{@code FETCH} the rows returned depend on the order; with
   * {@code DISTINCT ON} the row kept of each group does.
   */
  void requireOrderableAfterwards(EncryptedColumn key, boolean limited, boolean distinctOn) {
    if (limited) {
      throw Refused.on(key, ORDER_BY, "ORDER BY with LIMIT, OFFSET or FETCH (which rows come back depends on the order, and the database"
          + " cannot order ciphertext: ORDER BY with LIMIT needs the database to order; sort in the application or drop the LIMIT)");
    }
    if (distinctOn) {
      throw Refused.on(key, ORDER_BY, "ORDER BY together with DISTINCT ON (which row of each group is kept depends on the order, and the"
          + " database cannot order ciphertext; order by plain columns there, or drop DISTINCT ON and pick the rows in the application)");
    }
  }

  /** A sort key the driver cannot order exactly as the database would, in a statement it orders itself. */
  void refuseClientOrderingOf(EncryptedColumn key, String operation) {
    throw Refused.on(key, ORDER_BY, operation);
  }

  /**
   * Functions, casts, arithmetic, {@code ||}, aggregates other than {@code COUNT}, {@code CASE},
   * window functions, row values, a column used as a condition: they would compute on ciphertext
   * ({@code reason}: a function or an expression).
   */
  void refuseComputation(Origin operand, Rejection.Reason reason, String operation) {
    if (operand.isEncrypted()) {
      throw Refused.on(operand.column(), reason, operation);
    }
  }

  /**
   * {@code =}, {@code <>}, {@code IN}, {@code GROUP BY}, {@code DISTINCT}, {@code UNION} (not
   * {@code ALL}), {@code INTERSECT}, {@code EXCEPT}, {@code COUNT(DISTINCT)}, {@code JOIN USING}:
   * only on a deterministic column; on a randomized one equal plaintexts have different ciphertexts.
   */
  void requireEquality(Origin operand, String operation) {
    if (operand.isEncrypted() && operand.column().mode() != Mode.DETERMINISTIC) {
      throw Refused.on(operand.column(), RANDOMIZED_EQUALITY, operation + " on a randomized column");
    }
  }

  /**
   * {@link #requireEquality}, where the database compares stored ciphertexts with each other rather
   * than with a value we encrypt (once per live version): {@code GROUP BY}, {@code DISTINCT},
   * {@code UNION}, {@code INTERSECT}, {@code EXCEPT}, {@code COUNT(DISTINCT)}, {@code IN (SELECT ...)},
   * {@code JOIN USING}, column {@code =} column, {@code ON CONFLICT} on the column. A deterministic
   * ciphertext depends on the key version, so the statement is marked as correct only while one
   * version is live ({@link KeyRotationConflict}).
   */
  void requireStoredEquality(Origin operand, String operation) {
    requireEquality(operand, operation);
    if (operand.isEncrypted() && keyRotationConflict == null) {
      keyRotationConflict = new KeyRotationConflict(operand.column().table().name(), operand.column().column().name(), operation);
    }
  }

  /** Comparing two encrypted columns: same context, mode, type and storage, or the keys differ. */
  void requireSameEncryption(Origin refused, Origin other, String operation) {
    if (!refused.sameEncryptionAs(other)) {
      throw Refused.on(refused.column(), MIXED_VALUES, operation + " with column " + other.column().qualifiedName() + " of a different encryption");
    }
  }

  /** A set operation or {@code JOIN USING} that combines {@code next} with an earlier encrypted column {@code seen}. */
  void requireCombinable(Origin seen, Origin next, String operation) {
    if (seen != null && next.isEncrypted() && !seen.sameEncryptionAs(next)) {
      throw Refused.on(next.column(), MIXED_VALUES, operation + " with a column of a different encryption");
    }
  }

  /** A set operation that combines encrypted column {@code encrypted} with {@code other}: plaintext against ciphertext. */
  void requireCombinableWithEncrypted(Origin encrypted, Origin other, String operation) {
    if (!other.isEncrypted() && other.kind() != Origin.Kind.NULL) {
      throw Refused.on(encrypted.column(), MIXED_VALUES, operation + " of an encrypted column with a plain value");
    }
  }

  /**
   * Equality of encrypted column {@code encrypted} with {@code other}: a parameter, a literal or
   * {@code NULL} (we encrypt the value), or a column of the same encryption. A plain column or an
   * expression would compare plaintext with ciphertext.
   */
  void requireComparable(Origin encrypted, Origin other, String operation) {
    switch (other.kind()) {
      case PARAMETER, LITERAL, NULL -> { }
      case ENCRYPTED -> requireSameEncryption(encrypted, other, operation);
      default -> throw Refused.on(encrypted.column(), MIXED_VALUES, operation + " with a plain column or expression");
    }
  }

  /** {@code col IN (SELECT ...)}: the sub-query must produce one column of the same encryption. */
  void requireSubqueryOfSameEncryption(Origin encrypted, List<Source.Column> produced, String operation) {
    if (produced == null || produced.size() != 1 || !produced.get(0).origin().sameEncryptionAs(encrypted)) {
      throw Refused.on(encrypted.column(), MIXED_VALUES, operation + " (sub-query) over values of a different encryption");
    }
  }

  /** A plain value compared with {@code operand}, here encrypted: plaintext against ciphertext. */
  void refuseComparisonWithPlain(Origin operand, String operation) {
    if (operand.isEncrypted()) {
      throw Refused.on(operand.column(), MIXED_VALUES, operation + " compared with a plain column or expression");
    }
  }

  /**
   * Writing {@code value} into {@code target}: an encrypted target takes a parameter, a literal,
   * {@code NULL} or a column of the same encryption; a plain target takes no encrypted column. The
   * database would otherwise store garbage, or ciphertext where plaintext is expected.
   */
  void requireAssignable(Origin target, Origin value) {
    requireAssignable(target, value, EXPRESSION, "assignment from an expression");
  }

  /** {@link #requireAssignable(Origin, Origin)}, naming a plain value for an encrypted target {@code plainOperation} (of {@code plainReason}). */
  void requireAssignable(Origin target, Origin value, Rejection.Reason plainReason, String plainOperation) {
    if (target.isEncrypted()) {
      switch (value.kind()) {
        case PARAMETER, LITERAL, NULL -> { }
        case ENCRYPTED -> {
          if (!value.sameEncryptionAs(target)) {
            throw Refused.on(target.column(), MIXED_VALUES, "assignment from column " + value.column().qualifiedName() + " of a different encryption");
          }
        }
        default -> throw Refused.on(target.column(), plainReason, plainOperation);
      }
    } else if (value.isEncrypted()) {
      throw Refused.on(value.column(), MIXED_VALUES, "copy into a column that is not encrypted");
    }
  }

  /** A comparison used as a value ({@code select email = ? from ...}): it cannot be rewritten for several key versions. */
  Refused refuseComparisonAsValue(EncryptedColumn column, String operation) {
    return Refused.on(column, EXPRESSION, operation);
  }

  /** A whole-row reference ({@code to_json(c)}, {@code select c from customers c}): it returns the row's ciphertexts as data. */
  Refused refuseWholeRow(EncryptedTableSpec table, String name) {
    return Refused.on(table.encryptedColumns().iterator().next(), EXPRESSION, "whole-row reference " + name);
  }
}
