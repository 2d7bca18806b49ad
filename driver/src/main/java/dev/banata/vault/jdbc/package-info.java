/**
 * The wrapping JDBC driver: {@link dev.banata.vault.jdbc.VaultDriver} ({@code jdbc:vault:} URLs) and
 * {@link dev.banata.vault.jdbc.VaultDataSource}, the wrappers (one per JDBC interface, HikariCP's shape:
 * only what is intercepted is written by hand, the rest is forwarded by a subclass
 * {@code ForwardingSubclass} generates, and every wrapper is created by {@code WrapperFactory}), the
 * runtime one configuration shares ({@code VaultRuntime}: plan cache, key source, catalog), parameter
 * encoding ({@code ParameterEncoder}), result decoding ({@code ResultDecoder}), and the driver's error
 * catalogue ({@link dev.banata.vault.jdbc.VaultSqlException}, {@link dev.banata.vault.jdbc.VaultSqlState}).
 *
 * <p>May use: {@code sql} (plans), {@code keys}, {@code crypto}, {@code columns}, {@code database}, {@code config},
 * {@code annotations}, Byte Buddy, pgjdbc (optional features), HikariCP (optional:
 * {@link dev.banata.vault.jdbc.HikariRejectionOverride}). Nothing below it knows JDBC wrappers.
 */
package dev.banata.vault.jdbc;
