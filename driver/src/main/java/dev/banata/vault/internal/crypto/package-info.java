/**
 * The cryptography, Tink's shape: tiny primitives ({@link dev.banata.vault.internal.crypto.Aead}, and
 * {@link dev.banata.vault.internal.crypto.DeterministicAead} whose Javadoc says what it leaks), the
 * self-describing {@link dev.banata.vault.internal.crypto.Envelope} (format marker, mode, key version, IV,
 * ciphertext, tag; see {@code docs/FORMAT.md}), key derivation by HKDF-SHA256 from the master secret
 * per key version, context and purpose ({@link dev.banata.vault.internal.crypto.KeyDerivation}), the
 * {@link dev.banata.vault.internal.crypto.KeyRing} (exactly one primary version), typed values
 * ({@link dev.banata.vault.internal.crypto.ValueCodec}: every rule of a typed value) and the one cipher of
 * column values ({@link dev.banata.vault.internal.crypto.FieldCipher}: every rule of the stored form; its
 * callers in {@code jdbc} and {@code rewrite} only translate its errors).
 *
 * <p>May use: the JDK's JCA, Bouncy Castle (HKDF), {@code annotations} (the mode and value type
 * enums). Knows nothing of JDBC, SQL, tables, the configuration model or where key versions are
 * recorded ({@code keys}): which master secrets to use is read by {@code keys.MasterSecretSources}.
 */
package dev.banata.vault.internal.crypto;
