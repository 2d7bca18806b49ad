/**
 * The Spring Boot starter ({@code vault-spring-boot-starter}): auto-configuration that puts the vault
 * in front of the application's {@code DataSource} ({@link dev.banata.vault.boot.VaultAutoConfiguration}:
 * a HikariCP pool configured by URL is reconfigured to open its connections through the vault driver,
 * any other data source is wrapped in a {@code VaultDataSource}), a {@code Vault} bean, health
 * {@code vault} ({@link dev.banata.vault.boot.VaultHealthAutoConfiguration}), the vault's Micrometer
 * meters ({@link dev.banata.vault.boot.VaultMetricsAutoConfiguration}) and the startup failure
 * analysis ({@link dev.banata.vault.boot.VaultFailureAnalyzer}).
 *
 * <p>What an application uses is the {@code banata.vault.*} properties
 * ({@link dev.banata.vault.boot.VaultProperties}; docs/FRAMEWORKS.md). The other public classes are
 * public because Spring Boot's own are (the auto-configurations, whose names an application may give
 * to {@code spring.autoconfigure.exclude}; the failure analyzer, listed in {@code spring.factories});
 * the rest is package-private, the bean type {@code VaultDriverSettings} included: Spring creates and
 * injects beans of a package-private type, as Spring Boot's auto-configurations keep theirs.
 *
 * <p>May use: {@code dev.banata.vault.jdbc}, {@code dev.banata.vault} (the {@code Vault} bean),
 * {@code config}, the {@code keys} SPI, {@code metrics} (and {@code .micrometer}), Spring Boot and
 * HikariCP (optional, only in {@code HikariEncryption}); of the internals, only
 * {@code internal.secrets.VaultAccess} (the Vault's key ring, for health), {@code internal.keys}
 * ({@code KeyVersionStore}, read by the health indicator; {@code DescribedMasterSecretSource}, which the
 * Spring Environment source is), {@code internal.crypto} ({@code MasterSecrets}, {@code CryptoException}),
 * {@code internal.database.VaultUrl} (the {@code jdbc:vault:} prefix), {@code internal.config.MessagePrefix}
 * and {@code internal.config.VaultConfigLoaderAccess} (which of the scanned classes are encrypted entities).
 */
package dev.banata.vault.boot;
