/**
 * API: the configuration model and where it comes from: {@link dev.banata.vault.config.VaultConfig}
 * (immutable after a validating build: tables, encrypted columns, modes, contexts, key settings,
 * policies), the {@code vault.yaml} loader ({@link dev.banata.vault.config.VaultConfigLoader},
 * {@code YamlConfigReader}, exact {@code file:line: key: problem} messages), annotation discovery
 * from class files without loading them ({@code AnnotatedEntityReader}), and the one list of
 * connection properties ({@link dev.banata.vault.config.ConnectionProperty}, which also feeds
 * {@code Driver.getPropertyInfo} and the README's reference).
 *
 * <p>What only our own modules use lives in {@code internal.config}: where class files are read from
 * ({@code ClassSource}, an application's archive for the admin command), and the loader's door
 * ({@code VaultConfigLoaderAccess}: loading from an archive, the starter's pick of encrypted entities),
 * whose hooks {@code VaultConfigLoader} installs.
 *
 * <p>May use: {@code annotations}, {@code internal.config}, SnakeYAML Engine, Byte Buddy (its
 * {@code TypePool} reads class files). Knows nothing of crypto, SQL or JDBC.
 */
package dev.banata.vault.config;
