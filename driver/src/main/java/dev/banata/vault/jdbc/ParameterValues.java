package dev.banata.vault.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The values an application bound to a prepared statement that touches encrypted columns, by
 * application parameter index. Nothing is sent to the delegate when a value is set: the values are
 * applied at execution, when the physical layout (which depends on the live key versions) is known,
 * and can be applied again to a re-prepared delegate or to each row of a batch.
 */
final class ParameterValues {

  /** Sets an application's value as it was given, at a physical index of the delegate. */
  @FunctionalInterface
  interface PlainSetter {
    void apply(PreparedStatement target, int physicalIndex) throws SQLException;
  }

  /**
   * One bound value.
   *
   * @param value the value to encrypt when the parameter is bound for an encrypted column (null: SQL NULL)
   * @param setter how to set the value unchanged when the parameter is plain
   */
  record Binding(Object value, PlainSetter setter) {}

  private Binding[] bindings;

  ParameterValues(int parameterCount) {
    this.bindings = new Binding[parameterCount];
  }

  private ParameterValues(Binding[] bindings) {
    this.bindings = bindings;
  }

  void set(int index, Binding binding) {
    if (index > bindings.length) {
      bindings = Arrays.copyOf(bindings, index);
    }
    bindings[index - 1] = binding;
  }

  /** The binding of parameter {@code index} (1-based), or null when none was set. */
  Binding get(int index) {
    return index <= bindings.length ? bindings[index - 1] : null;
  }

  int size() {
    return bindings.length;
  }

  void clear() {
    Arrays.fill(bindings, null);
  }

  /** A snapshot for a batch row (bindings are immutable; the array is not shared). */
  ParameterValues copy() {
    return new ParameterValues(bindings.clone());
  }

  @Override
  public String toString() {
    // Bound values are plaintext: never printed.
    return "ParameterValues[" + bindings.length + "]";
  }
}
