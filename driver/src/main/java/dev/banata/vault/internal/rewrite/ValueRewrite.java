package dev.banata.vault.internal.rewrite;

/**
 * What a job does to one stored value: re-encrypt it at the new key version (rotate), encrypt
 * plaintext (encrypt-existing), decrypt it (decrypt-existing), or only check it (verify).
 * Implementations are thread-safe: the workers of a job share one.
 */
public interface ValueRewrite {

  /**
   * The value to store in place of {@code stored} (a non-null {@code String} for text columns,
   * {@code byte[]} for bytea), or {@code null} when the value is already as the job wants it.
   *
   * @throws UnreadableValue when the value cannot be rewritten (it does not decrypt, or names an unknown key version)
   */
  Object rewrite(ColumnTarget column, Object stored);

  /**
   * A SQL condition on {@code value} (the column's stored value, not NULL) that holds only for values
   * {@link #rewrite} certainly returns {@code null} for without failing, or {@code null} when there is
   * none. A sweep reads only the rows where some value fails it, so the rows already as the job
   * wants them stay on the server; it must never hold for a value {@code rewrite} would change or
   * report, or that value would be missed.
   */
  default String leftAloneSql(ColumnTarget column, String value) {
    return null;
  }
}
