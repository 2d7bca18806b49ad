/**
 * A column's configuration applied to the values it stores, where the configuration model meets the
 * cryptography and neither may know the other: {@link dev.banata.vault.internal.columns.ColumnSearch}
 * (the search tokens of a {@code search: prefix} column, and which values an ignore-case column can
 * store) and {@link dev.banata.vault.internal.columns.ColumnScale} (a decimal column's scale). One home for rules that the driver ({@code jdbc}) and the rewrite jobs ({@code rewrite})
 * both apply.
 *
 * <p>May use: {@code config} (the column model), {@code crypto}. Used by {@code jdbc} and
 * {@code rewrite}; knows neither.
 */
package dev.banata.vault.internal.columns;
