package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.metrics.Refusal;
import dev.banata.vault.metrics.VaultMetrics;
import dev.banata.vault.metrics.micrometer.VaultMeterBinder;
import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator sees of a running vault: statements planned and refused (by reason, table and
 * column), values that did not decrypt (by column, never the value), the plan cache, key refreshes
 * and analysis time; through {@link VaultDataSource#getMetrics()} without any metrics library, and
 * the same figures as Micrometer meters.
 */
@DatabaseTest
class CountWhatTheDriverDoesTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void table() throws SQLException {
    Customers.create(db);
    db.execute("INSERT INTO customers (id, name, ssn) VALUES (99, 'damaged', 'bv1:AAAAnot-an-envelope')");
  }

  private static VaultDataSource vault(String metricsName) {
    VaultDataSource vault = new VaultDataSource(db.plainDataSource());
    vault.setConfigLocation(Customers.CONFIG);
    vault.setVaultProperty("vault.metrics-name", metricsName);
    vault.setVaultProperty("vault.key-refresh-seconds", "1");
    return vault;
  }

  @Test
  void theFiguresAreReachableWithoutAMetricsLibrary() throws Exception {
    VaultDataSource vault = vault("count-plain");
    vault.setVaultProperty("vault.register-mbeans", "true");
    VaultMetrics metrics = vault.getMetrics();
    try (Connection connection = vault.getConnection()) {
      for (int i = 0; i < 3; i++) {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM customers WHERE email = ?")) {
          select.setString(1, "nobody@example.com");
          select.executeQuery().close();
        }
      }
      assertThatThrownBy(() -> connection.prepareStatement("SELECT id FROM customers WHERE email LIKE ?"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT id FROM customers ORDER BY ssn LIMIT 3"))
          .isInstanceOf(SQLException.class);
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 99")) {
        assertThat(rows.next()).isTrue();
        assertThatThrownBy(() -> rows.getString(1)).isInstanceOf(SQLException.class)
            .hasMessage("Decryption failed (decrypt of encrypted column customers.ssn)");
      }
    }

    assertThat(metrics.planCacheMisses()).as("three distinct SQL strings analysed, the first once").isGreaterThanOrEqualTo(4);
    assertThat(metrics.planCacheHits()).isGreaterThanOrEqualTo(2);
    assertThat(metrics.statementsPlanned()).isEqualTo(metrics.planCacheHits() + metrics.planCacheMisses());
    assertThat(metrics.planCacheSize()).isGreaterThanOrEqualTo(4);
    assertThat(metrics.analyses()).isEqualTo(metrics.planCacheMisses());
    assertThat(metrics.analysisTime()).isPositive();
    assertThat(metrics.refusals()).containsEntry(new Refusal("pattern-match", "customers", "email"), 1L)
        .containsEntry(new Refusal("order-by", "customers", "ssn"), 1L);
    assertThat(metrics.statementsRefused()).isEqualTo(2);
    assertThat(metrics.decryptionFailures()).isEqualTo(Map.of(new VaultMetrics.Column("customers", "ssn"), 1L));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (metrics.keyRefreshes() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(metrics.keyRefreshes()).as("vault.key-refresh-seconds=1").isPositive();
    assertThat(metrics.toString()).contains("name=count-plain", "statementsRefused=2").doesNotContain("AAAAnot", "nobody");

    // The same totals over JMX, and no attribute holds anything but a number.
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("dev.banata.vault:type=VaultMetrics,name=\"count-plain\"");
    assertThat(server.isRegistered(name)).isTrue();
    assertThat(server.getAttribute(name, "StatementsRefused")).isEqualTo(2L);
    assertThat(server.getAttribute(name, "DecryptionFailures")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "PlanCacheHits")).isEqualTo(metrics.planCacheHits());
    StringBuilder everything = new StringBuilder();
    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
      Object value = server.getAttribute(name, attribute.getName());
      assertThat(value).as(attribute.getName()).isInstanceOf(Number.class);
      everything.append(attribute.getName()).append('=').append(value).append(' ');
    }
    assertThat(everything.toString()).doesNotContain(System.getenv("BETTER_AUTH_SECRET"));
    assertThat(metrics.registerMBean()).isEqualTo(name.getCanonicalName());
  }

  @Test
  void micrometerMetersReadTheSameFiguresIncludingSeriesThatAppearAfterBinding() throws SQLException {
    VaultDataSource vault = vault("count-micrometer");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Connection connection = vault.getConnection()) {
      assertThatThrownBy(() -> connection.prepareStatement("SELECT id FROM customers WHERE email LIKE ?"))
          .isInstanceOf(SQLException.class);
      try (VaultMeterBinder binder = new VaultMeterBinder(vault.getMetrics())) {
        binder.bindTo(registry);
        // After binding: a new series (another reason) becomes a meter of its own.
        assertThatThrownBy(() -> connection.prepareStatement("SELECT id FROM customers WHERE ssn = ?"))
            .isInstanceOf(SQLException.class);
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT ssn FROM customers WHERE id = 99")) {
          rows.next();
          assertThatThrownBy(() -> rows.getString(1)).isInstanceOf(SQLException.class);
        }
      }
    }

    assertThat(registry.get("vault.statements.refused").tags("name", "count-micrometer", "reason", "pattern-match",
        "table", "customers", "column", "email").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("vault.statements.refused").tags("reason", "randomized-equality", "column", "ssn")
        .functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("vault.decryption.failures").tags("table", "customers", "column", "ssn").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("vault.statements.planned").tag("name", "count-micrometer").functionCounter().count())
        .isEqualTo(vault.getMetrics().statementsPlanned());
    assertThat(registry.get("vault.plan.cache.misses").functionCounter().count()).isGreaterThanOrEqualTo(3);
    FunctionTimer analysis = registry.get("vault.statements.analysis").functionTimer();
    assertThat(analysis.count()).isGreaterThanOrEqualTo(3);
    assertThat(analysis.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName()).contains("vault.plan.cache.hits",
        "vault.plan.cache.evictions", "vault.plan.cache.size", "vault.keys.refreshes");
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().toString()).doesNotContain("AAAAnot", "SELECT", System.getenv("BETTER_AUTH_SECRET"));
    }
  }
}
