package dev.banata.vault.metrics;

import java.util.Objects;

/**
 * One series of {@code vault.statements.refused}: why, and where when known. Names only (a table,
 * a column, a reason from a fixed list), never SQL text or a value.
 *
 * @param reason one of {@link RefusalReason}'s tags
 * @param table the encrypted table, or {@code none}
 * @param column the encrypted column, or {@code none} when the refusal concerns the table as a whole
 */
public record Refusal(String reason, String table, String column) {

  /** The tag value of a table or column that is not known. */
  public static final String NONE = "none";

  public Refusal {
    Objects.requireNonNull(reason, "reason");
    table = table == null ? NONE : table;
    column = column == null ? NONE : column;
  }
}
