package dev.banata.vault.internal.secrets;

import dev.banata.vault.Vault;
import dev.banata.vault.internal.keys.RefreshingKeyRingSource;

/**
 * Internal: what our own code (the Spring Boot starter, the tests) reaches in a {@link Vault} that its API
 * does not show, so that {@code RefreshingKeyRingSource} stays out of the API's signatures. Java has no friend access;
 * this is the JDK's {@code jdk.internal.access} pattern: {@code Vault} installs the hooks when its class
 * is initialized, which has happened by the time anyone holds a {@code Vault} or a {@code Vault.Builder}.
 */
public final class VaultAccess {

  /** Implemented by {@code Vault} alone. */
  public interface Hooks {
    RefreshingKeyRingSource keyRing(Vault vault);

    SecretRotation rotation(Vault vault);

    Vault build(Vault.Builder builder, RefreshingKeyRingSource sharedRing);
  }

  private static volatile Hooks hooks;

  private VaultAccess() {}

  /** Called once, by {@code Vault}'s static initializer. */
  public static void install(Hooks installed) {
    if (hooks != null) {
      throw new IllegalStateException("VaultAccess hooks are installed by Vault only");
    }
    hooks = installed;
  }

  /** The live key ring a Vault uses (to share it, or to read its master secrets). */
  public static RefreshingKeyRingSource keyRing(Vault vault) {
    return hooks().keyRing(vault);
  }

  /** The rotation core of a Vault, on the same tables and key ring (to resume or report a rotation). */
  public static SecretRotation rotation(Vault vault) {
    return hooks().rotation(vault);
  }

  /** Builds a Vault on a key ring shared with other parts of the application; the Vault will not close it. */
  public static Vault build(Vault.Builder builder, RefreshingKeyRingSource sharedRing) {
    return hooks().build(builder, sharedRing);
  }

  private static Hooks hooks() {
    Hooks installed = hooks;
    if (installed == null) {
      throw new IllegalStateException("Vault is not initialized");
    }
    return installed;
  }
}
