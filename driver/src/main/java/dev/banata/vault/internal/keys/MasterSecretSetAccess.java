package dev.banata.vault.internal.keys;

import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.keys.MasterSecretSet;
import dev.banata.vault.keys.MasterSecretSource;

/**
 * Internal: the crypto layer's {@link MasterSecrets} inside an opaque {@link MasterSecretSet}, for our
 * own code (the driver, the admin commands, the starter, the tests), so that {@code MasterSecrets}
 * stays out of the API's signatures. The JDK's {@code jdk.internal.access} pattern, as
 * {@code VaultAccess}: {@code MasterSecretSet} installs the hooks when its class is initialized.
 */
public final class MasterSecretSetAccess {

  /** Implemented by {@code MasterSecretSet} alone. */
  public interface Hooks {
    MasterSecrets secrets(MasterSecretSet set);

    MasterSecretSet of(MasterSecrets secrets);
  }

  private static volatile Hooks hooks;

  private MasterSecretSetAccess() {}

  /** Called once, by {@code MasterSecretSet}'s static initializer. */
  public static void install(Hooks installed) {
    if (hooks != null) {
      throw new IllegalStateException("MasterSecretSetAccess hooks are installed by MasterSecretSet only");
    }
    hooks = installed;
  }

  /** The secrets of {@code set}. */
  public static MasterSecrets secrets(MasterSecretSet set) {
    return hooks().secrets(set);
  }

  /** The secrets {@code source} loads. */
  public static MasterSecrets load(MasterSecretSource source) {
    return secrets(source.load());
  }

  /** {@code secrets} as the API hands them over. */
  public static MasterSecretSet of(MasterSecrets secrets) {
    return hooks().of(secrets);
  }

  private static Hooks hooks() {
    Hooks installed = hooks;
    if (installed == null) {
      try {
        // Nobody has held a MasterSecretSet yet: initializing the class installs the hooks.
        Class.forName(MasterSecretSet.class.getName(), true, MasterSecretSet.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      installed = hooks;
    }
    return installed;
  }
}
