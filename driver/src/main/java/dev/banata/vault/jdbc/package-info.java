/**
 * The wrapping JDBC driver: {@link dev.banata.vault.jdbc.VaultDriver} ({@code jdbc:vault:} URLs) and
 * {@link dev.banata.vault.jdbc.VaultDataSource}, the wrappers (one per JDBC interface, HikariCP's shape:
 * only what is intercepted is written by hand, the rest is forwarded by a subclass
 * {@code ForwardingSubclass} generates, and every wrapper is created by {@code WrapperFactory}), the
 * runtime one configuration shares ({@code VaultRuntime}: plan cache, key source, catalog), parameter
 * encoding ({@code ParameterEncoder}), result decoding ({@code ResultDecoder}), and the driver's error
 * catalogue ({@link dev.banata.vault.jdbc.VaultSqlException}, {@link dev.banata.vault.jdbc.VaultSqlState}).
 *
 * <p>May use: {@code internal.sql} (plans), {@code internal.keys}, {@code internal.crypto},
 * {@code internal.columns} (a column's search rules), {@code internal.database}, {@code internal.metrics}
 * (recording into the {@code metrics} it hands out), {@code internal.config} (the message prefix),
 * {@code config}, {@code annotations}, the {@code keys} SPI ({@code VaultDataSource.setMasterSecretSource}),
 * {@code metrics}, Byte Buddy, pgjdbc (optional features), HikariCP (optional:
 * {@link dev.banata.vault.jdbc.HikariRejectionOverride}). Nothing below it knows JDBC wrappers.
 */
package dev.banata.vault.jdbc;
