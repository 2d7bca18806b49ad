/**
 * The configuration model and where it comes from: {@link dev.banata.vault.config.VaultConfig}
 * (immutable after a validating build: tables, encrypted columns, modes, contexts, key settings,
 * policies), the {@code vault.yaml} loader ({@link dev.banata.vault.config.VaultConfigLoader},
 * {@code YamlConfigReader}, exact {@code file:line: key: problem} messages), annotation discovery
 * from class files without loading them ({@code AnnotatedEntityReader}, {@code ApplicationArchive}),
 * and the one list of connection properties ({@link dev.banata.vault.config.ConnectionProperty}, which
 * also feeds {@code Driver.getPropertyInfo} and the README's reference).
 *
 * <p>May use: {@code annotations}, SnakeYAML Engine. Knows nothing of crypto, SQL or JDBC.
 */
package dev.banata.vault.config;
