package dev.banata.vault.internal.keys;

import dev.banata.vault.internal.crypto.KeyRing;
import dev.banata.vault.internal.crypto.MasterSecrets;
import dev.banata.vault.internal.metrics.VaultMetricsAccess;
import dev.banata.vault.metrics.VaultMetrics;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The current {@link KeyRing} of {@code vault_key}, kept fresh: re-read every refresh interval on a
 * background daemon thread, and at once by {@link #refreshNow()} (call it when a ciphertext names a key
 * version the ring does not hold, then retry once).
 *
 * <p>Thread-safe. {@link #get()} is a volatile read: readers never wait for the database. A refresh that
 * fails keeps the last good ring (and logs the SQLState, nothing else), so a database hiccup does not
 * stop decryption.
 */
public final class RefreshingKeyRingSource implements KeyRingSource, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RefreshingKeyRingSource.class.getName());

  private final KeyVersionStore store;
  private final MasterSecrets secrets;
  private final ScheduledExecutorService refresher;
  /** Where refreshes are counted; null: not counted. */
  private final VaultMetrics metrics;
  private final Object loadLock = new Object();
  private volatile KeyRing ring;
  // System.nanoTime() at the start of the last load that succeeded; guarded by loadLock.
  private long lastLoadStartedAt;

  private RefreshingKeyRingSource(DataSource dataSource, MasterSecrets secrets, Duration refreshInterval, VaultMetrics metrics) {
    this.store = new KeyVersionStore(dataSource);
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.metrics = metrics;
    this.refresher = refreshInterval.isZero() ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "banata-vault-key-refresh");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Loads the ring once (failing if it cannot) and starts refreshing it every {@code refreshInterval}
   * ({@link Duration#ZERO}: only on {@link #refreshNow()}).
   *
   * @throws SQLException when the first load fails
   * @throws dev.banata.vault.internal.crypto.CryptoException when the primary version's master secret is not configured
   */
  public static RefreshingKeyRingSource start(DataSource dataSource, MasterSecrets secrets, Duration refreshInterval) throws SQLException {
    return start(dataSource, secrets, refreshInterval, null);
  }

  /**
   * As {@link #start(DataSource, MasterSecrets, Duration)}, counting every refresh after the first load
   * (and every failed one) into {@code metrics} when it is not null.
   */
  public static RefreshingKeyRingSource start(DataSource dataSource, MasterSecrets secrets, Duration refreshInterval, VaultMetrics metrics)
      throws SQLException {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    if (refreshInterval.isNegative()) {
      throw new IllegalArgumentException("refreshInterval must not be negative");
    }
    RefreshingKeyRingSource live = new RefreshingKeyRingSource(dataSource, secrets, refreshInterval, metrics);
    live.load(System.nanoTime());
    if (live.refresher != null) {
      long millis = Math.max(1, refreshInterval.toMillis());
      live.refresher.scheduleWithFixedDelay(live::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }
    return live;
  }

  /** The ring as last loaded. Never blocks. */
  @Override
  public KeyRing get() {
    return ring;
  }

  /**
   * Re-reads {@code vault_key} now and returns the new ring. Concurrent callers share one load: a caller
   * whose request came before a load started gets that load's result instead of starting another.
   *
   * @throws SQLException when the load fails (the previous ring stays in use)
   */
  @Override
  public KeyRing refreshNow() throws SQLException {
    long requestedAt = System.nanoTime();
    synchronized (loadLock) {
      if (lastLoadStartedAt - requestedAt >= 0) {
        return ring;
      }
      return refresh();
    }
  }

  /** The master secrets the ring is built from. */
  public MasterSecrets secrets() {
    return secrets;
  }

  /** Stops the background refresh. {@link #get()} keeps returning the last ring. */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  private KeyRing load(long startedAt) throws SQLException {
    synchronized (loadLock) {
      KeyRing loaded = store.loadRing(secrets);
      ring = loaded;
      lastLoadStartedAt = startedAt;
      return loaded;
    }
  }

  /** {@link #load} after the first, counted. */
  private KeyRing refresh() throws SQLException {
    try {
      KeyRing loaded = load(System.nanoTime());
      if (metrics != null) {
        VaultMetricsAccess.keyRefreshed(metrics);
      }
      return loaded;
    } catch (SQLException | RuntimeException e) {
      if (metrics != null) {
        VaultMetricsAccess.keyRefreshFailed(metrics);
      }
      throw e;
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not refresh the vault key versions (SQLState {0}); keeping the current ones", e.getSQLState());
    } catch (RuntimeException e) {
      // E.g. a new primary whose master secret this process does not have: keep working with what we have.
      LOG.log(Level.WARNING, "Could not refresh the vault key versions ({0}); keeping the current ones", e.getClass().getSimpleName());
    }
  }
}
