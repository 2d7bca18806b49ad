package dev.banata.vault.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** banata.vault.config takes the driver's forms (path, classpath:) and Spring's file: form. */
class ConfigLocationFormsTest {

  private static final String YAML = "tables:\n  notes:\n    primary-key: id\n    columns:\n      body: { mode: randomized }\n";

  private static VaultDriverSettings settingsFor(String location) {
    VaultProperties properties = new VaultProperties();
    properties.setConfig(location);
    return VaultDriverSettings.resolve(properties, List.of(), ConfigLocationFormsTest.class.getClassLoader());
  }

  @Test
  void aFileUrlAPlainPathAndAClasspathResourceAllLoad(@TempDir Path directory) throws Exception {
    Path file = Files.writeString(directory.resolve("vault.yaml"), YAML);

    for (String location : List.of(file.toUri().toString(), "file:" + file, file.toString())) {
      VaultDriverSettings settings = settingsFor(location);
      assertThat(settings.driverProperties().getProperty("vault.config")).as(location).isEqualTo(file.toString());
      assertThat(settings.config().tables()).as(location).hasSize(1);
    }
    assertThat(settingsFor("classpath:vault-starter-test/unset-secret.yaml").driverProperties().getProperty("vault.config"))
        .isEqualTo("classpath:vault-starter-test/unset-secret.yaml");
  }
}
