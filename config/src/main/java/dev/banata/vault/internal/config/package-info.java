/**
 * Internal to the vault's own modules (the driver, the admin command, the starter): what the
 * configuration module shares with them that is no part of the configuration model. The
 * {@code "Banata Vault: "} message prefix ({@link dev.banata.vault.internal.config.MessagePrefix});
 * where the annotation reader finds class files and {@code classpath:} resources
 * ({@link dev.banata.vault.internal.config.ClassSource}: a class loader, or
 * {@link dev.banata.vault.internal.config.ApplicationArchive}, an application's jar or classes
 * directory for the admin command's {@code --app}); and
 * {@link dev.banata.vault.internal.config.VaultConfigLoaderAccess}, the loader's door (the
 * {@code internal.secrets.VaultAccess} pattern): loading from an archive, and the encrypted entities
 * of a list of classes (the starter's scan). Public only because Java has no friend access; not in
 * the published javadoc.
 *
 * <p>May use: {@code config} ({@code ConfigException}, and {@code VaultConfig} / {@code VaultConfigLoader}
 * in the door: the one cycle of the configuration module, by design, as between the {@code keys} SPI and
 * {@code internal.keys}), Byte Buddy ({@code ClassFileLocator}). {@code MessagePrefix} uses nothing.
 */
package dev.banata.vault.internal.config;
