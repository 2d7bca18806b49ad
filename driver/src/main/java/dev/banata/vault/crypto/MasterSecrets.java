package dev.banata.vault.crypto;

import dev.banata.vault.config.KeySettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The current master secret plus earlier ones still accepted for decryption, looked up by
 * fingerprint. Built once per application; it also owns the cache of derived keys, so key rings
 * rebuilt on every refresh reuse keys instead of running HKDF again.
 */
public final class MasterSecrets {

  private final MasterSecret current;
  private final Map<String, MasterSecret> byFingerprint;
  private final PrimitiveCache primitives = new PrimitiveCache();

  private MasterSecrets(MasterSecret current, List<MasterSecret> previous) {
    this.current = Objects.requireNonNull(current, "current");
    Map<String, MasterSecret> all = new LinkedHashMap<>();
    all.put(current.fingerprint(), current);
    for (MasterSecret secret : previous) {
      all.putIfAbsent(secret.fingerprint(), Objects.requireNonNull(secret, "previous secret"));
    }
    this.byFingerprint = Collections.unmodifiableMap(all);
  }

  /** The current secret and earlier ones (duplicates of the current one are ignored). */
  public static MasterSecrets of(MasterSecret current, List<MasterSecret> previous) {
    return new MasterSecrets(current, List.copyOf(previous));
  }

  /** Only a current secret. */
  public static MasterSecrets of(MasterSecret current) {
    return new MasterSecrets(current, List.of());
  }

  /** Reads the variables named by {@code settings} from the process environment. */
  public static MasterSecrets fromEnvironment(KeySettings settings) {
    return fromEnvironment(settings, System::getenv);
  }

  /**
   * Reads the current secret from {@code settings.secretEnv()} and earlier ones, comma-separated,
   * from {@code settings.previousSecretsEnv()} (empty entries are skipped; a secret cannot contain a
   * comma).
   *
   * @throws CryptoException {@code SECRET_MISSING} "BETTER_AUTH_SECRET is required",
   *     {@code SECRET_TOO_SHORT} "BETTER_AUTH_SECRET must be at least 32 characters" (with the
   *     configured names; a short previous secret names its variable and position)
   */
  public static MasterSecrets fromEnvironment(KeySettings settings, Function<String, String> environment) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(environment, "environment");
    MasterSecret current = MasterSecret.create(environment.apply(settings.secretEnv()), settings.secretEnv());
    List<MasterSecret> previous = new ArrayList<>();
    String list = environment.apply(settings.previousSecretsEnv());
    if (list != null) {
      String[] entries = list.split(",", -1);
      for (int i = 0; i < entries.length; i++) {
        String entry = entries[i].strip();
        if (!entry.isEmpty()) {
          previous.add(MasterSecret.create(entry, settings.previousSecretsEnv() + " entry " + (i + 1)));
        }
      }
    }
    return new MasterSecrets(current, previous);
  }

  /** The secret new key versions are derived from. */
  public MasterSecret current() {
    return current;
  }

  public Optional<MasterSecret> byFingerprint(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** Every secret, the current one first. */
  public List<MasterSecret> all() {
    return List.copyOf(byFingerprint.values());
  }

  PrimitiveCache primitives() {
    return primitives;
  }

  @Override
  public String toString() {
    return "MasterSecrets[current=" + current.fingerprint() + ", all=" + byFingerprint.keySet() + "]";
  }
}
