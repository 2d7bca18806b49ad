package dev.banata.vault.internal.sql;

import java.util.List;

/** Encrypts the literals of plain SQL while {@link PhysicalStatement#render(LiteralEncryptor)} writes the SQL to send. */
@FunctionalInterface
public interface LiteralEncryptor {

  /**
   * The ciphertexts of one literal: exactly one (primary version) for VALUE; for MATCH exactly
   * {@code liveVersions} (one per live version, primary first). Each element is the text envelope
   * ({@link String}) for TEXT storage or the raw envelope ({@code byte[]}) for BYTEA storage; the
   * renderer quotes them.
   */
  List<?> encrypt(LiteralSlot literal, int liveVersions);
}
