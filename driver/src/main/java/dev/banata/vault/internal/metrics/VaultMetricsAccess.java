package dev.banata.vault.internal.metrics;

import dev.banata.vault.metrics.RefusalReason;
import dev.banata.vault.metrics.VaultMetrics;
import java.util.function.ToIntFunction;

/**
 * Internal: the recording side of a {@link VaultMetrics}, for the driver's own code (the JDBC runtime,
 * the plan cache, the key source), so that an application sees only the figures. The JDK's
 * {@code jdk.internal.access} pattern, as {@code internal.secrets.VaultAccess}: {@code VaultMetrics}
 * installs the hooks when its class is initialized, which has happened by the time anyone holds one.
 */
public final class VaultMetricsAccess {

  /** Implemented by {@code VaultMetrics} alone. */
  public interface Hooks {
    PlanCacheCounters planCacheCounters(VaultMetrics metrics);

    <T> void trackPlanCacheSize(VaultMetrics metrics, T cache, ToIntFunction<T> size);

    void keyRefreshed(VaultMetrics metrics);

    void keyRefreshFailed(VaultMetrics metrics);

    void refused(VaultMetrics metrics, RefusalReason reason, String table, String column);

    void decryptionFailed(VaultMetrics metrics, String table, String column);
  }

  private static volatile Hooks hooks;

  private VaultMetricsAccess() {}

  /** Called once, by {@code VaultMetrics}' static initializer. */
  public static void install(Hooks installed) {
    if (hooks != null) {
      throw new IllegalStateException("VaultMetricsAccess hooks are installed by VaultMetrics only");
    }
    hooks = installed;
  }

  /** The counters a plan cache of this name counts into. */
  public static PlanCacheCounters planCacheCounters(VaultMetrics metrics) {
    return hooks().planCacheCounters(metrics);
  }

  /** Counts the size of {@code cache} in {@link VaultMetrics#planCacheSize()} while it is reachable (held weakly). */
  public static <T> void trackPlanCacheSize(VaultMetrics metrics, T cache, ToIntFunction<T> size) {
    hooks().trackPlanCacheSize(metrics, cache, size);
  }

  /** A re-read of {@code vault_key} that succeeded. */
  public static void keyRefreshed(VaultMetrics metrics) {
    hooks().keyRefreshed(metrics);
  }

  /** A re-read of {@code vault_key} that failed. */
  public static void keyRefreshFailed(VaultMetrics metrics) {
    hooks().keyRefreshFailed(metrics);
  }

  /** A statement refused for {@code reason} on {@code table}.{@code column} (either may be null: not known). */
  public static void refused(VaultMetrics metrics, RefusalReason reason, String table, String column) {
    hooks().refused(metrics, reason, table, column);
  }

  /** A stored value of {@code table}.{@code column} that did not decrypt. */
  public static void decryptionFailed(VaultMetrics metrics, String table, String column) {
    hooks().decryptionFailed(metrics, table, column);
  }

  private static Hooks hooks() {
    Hooks installed = hooks;
    if (installed == null) {
      throw new IllegalStateException("VaultMetrics is not initialized");
    }
    return installed;
  }
}
