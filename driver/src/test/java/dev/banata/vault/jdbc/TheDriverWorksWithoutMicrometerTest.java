package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.testing.DatabaseTest;
import dev.banata.vault.testing.TestSchema;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Micrometer is an optional dependency: the driver loads, encrypts, decrypts, refuses and counts
 * with the test class path minus every Micrometer jar, in a class loader of its own (whose parent
 * is the platform loader, so nothing is found through the test's own loader).
 */
@DatabaseTest
class TheDriverWorksWithoutMicrometerTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @BeforeAll
  static void table() throws SQLException {
    Customers.create(db);
  }

  @Test
  void aVaultConnectionWorksAndCountsWhereMicrometerCannotBeLoaded() throws Exception {
    List<URL> path = new ArrayList<>();
    int dropped = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("micrometer-")) {
        dropped++;
      } else {
        path.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(dropped).as("the test class path had Micrometer to drop").isPositive();

    try (URLClassLoader withoutMicrometer = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> scenario = withoutMicrometer.loadClass(WithoutMicrometer.class.getName());
      assertThat(scenario.getClassLoader()).isSameAs(withoutMicrometer);
      Object figures = scenario.getMethod("run", String.class, String.class, String.class, String.class)
          .invoke(null, db.url(), db.user(), db.password(), Customers.CONFIG);

      assertThat((String) figures).startsWith("VaultMetrics[name=without-micrometer")
          .contains("statementsPlanned=3", "statementsRefused=1", "misses=3");
    }
  }
}
