package dev.banata.vault.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers a {@link VaultMetrics} with the platform MBean server. Its own class, so that
 * {@code java.management} is linked only by an application that asks for JMX.
 */
final class VaultMetricsJmx implements VaultMetricsMXBean {

  private final VaultMetrics metrics;

  private VaultMetricsJmx(VaultMetrics metrics) {
    this.metrics = metrics;
  }

  /** {@code dev.banata.vault:type=VaultMetrics,name=<quoted name>}. */
  static ObjectName objectName(String name) throws JMException {
    return new ObjectName("dev.banata.vault:type=VaultMetrics,name=" + ObjectName.quote(name));
  }

  /** Registers {@code metrics} unless its name is registered already; the object name either way. */
  static ObjectName register(VaultMetrics metrics) {
    try {
      ObjectName name = objectName(metrics.name());
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (!server.isRegistered(name)) {
        try {
          server.registerMBean(new VaultMetricsJmx(metrics), name);
        } catch (InstanceAlreadyExistsException e) {
          // Another runtime of the same name won the race: one MBean per name is what we want.
        }
      }
      return name;
    } catch (JMException e) {
      throw new IllegalStateException("cannot register the vault's MBean (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  @Override
  public long getStatementsPlanned() {
    return metrics.statementsPlanned();
  }

  @Override
  public long getStatementsRefused() {
    return metrics.statementsRefused();
  }

  @Override
  public long getDecryptionFailures() {
    return metrics.decryptionFailures().values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public long getPlanCacheHits() {
    return metrics.planCacheHits();
  }

  @Override
  public long getPlanCacheMisses() {
    return metrics.planCacheMisses();
  }

  @Override
  public long getPlanCacheEvictions() {
    return metrics.planCacheEvictions();
  }

  @Override
  public int getPlanCacheSize() {
    return metrics.planCacheSize();
  }

  @Override
  public long getAnalyses() {
    return metrics.analyses();
  }

  @Override
  public long getAnalysisTimeMillis() {
    return metrics.analysisTime().toMillis();
  }

  @Override
  public long getKeyRefreshes() {
    return metrics.keyRefreshes();
  }

  @Override
  public long getKeyRefreshFailures() {
    return metrics.keyRefreshFailures();
  }
}
