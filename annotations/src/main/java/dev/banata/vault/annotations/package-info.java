/**
 * The annotations an application puts on its entity classes to declare encrypted columns
 * ({@link dev.banata.vault.annotations.Encrypted}, {@link dev.banata.vault.annotations.EncryptedTable})
 * and the enums they use ({@link dev.banata.vault.annotations.Mode}, {@link dev.banata.vault.annotations.Search},
 * {@link dev.banata.vault.annotations.ValueType}).
 * They are read from class files, never loaded by the vault.
 *
 * <p>May use: nothing (no runtime dependency at all).
 */
package dev.banata.vault.annotations;
