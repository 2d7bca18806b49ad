package dev.banata.vault.internal.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Which columns of a result set (1-based, as JDBC counts) hold envelopes to decrypt. Immutable.
 *
 * <p>A result column not listed here is plain data and is returned unchanged. The analysis never
 * builds a layout in which a column coming from an encrypted column is missing: when it cannot tell
 * where an encrypted column lands in the result, the statement is rejected instead.
 */
public final class ResultLayout {

  private static final ResultLayout NONE = new ResultLayout(new ResultColumn[0], 0);

  private final ResultColumn[] columns;
  private final int width;
  private final boolean anyEncrypted;

  private ResultLayout(ResultColumn[] columns, int width) {
    this.columns = columns;
    this.width = width;
    this.anyEncrypted = Arrays.stream(columns).anyMatch(c -> c != null);
  }

  /** A result with no encrypted column (or no result at all). */
  public static ResultLayout none() {
    return NONE;
  }

  /** A layout from one entry per result column, {@code null} for a plain column. */
  public static ResultLayout of(List<ResultColumn> columns) {
    return new ResultLayout(columns.toArray(new ResultColumn[0]), columns.size());
  }

  /** The column to decrypt at {@code index} (1-based), or {@code null} when that column is plain or out of range. */
  public ResultColumn column(int index) {
    return index >= 1 && index <= columns.length ? columns[index - 1] : null;
  }

  /** The number of result columns the analysis knows of (0 for {@link #none()}). */
  public int width() {
    return width;
  }

  /** True when at least one result column must be decrypted. */
  public boolean anyEncrypted() {
    return anyEncrypted;
  }

  /** One entry per result column, {@code null} for plain ones. */
  public List<ResultColumn> columns() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(columns)));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ResultLayout[");
    for (int i = 0; i < columns.length; i++) {
      text.append(i == 0 ? "" : ", ").append(columns[i] == null ? "plain" : columns[i].column().qualifiedName());
    }
    return text.append(']').toString();
  }
}
