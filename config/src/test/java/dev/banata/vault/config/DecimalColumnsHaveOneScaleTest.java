package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.EncryptedTable;
import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decimal column's {@code scale}: equal numbers written with different scales (10.5, 10.50) must
 * be one value in a deterministic column, so such a column must say its scale, in the file or in
 * the annotation.
 */
class DecimalColumnsHaveOneScaleTest {

  @TempDir Path directory;
  private ConfigFiles files;
  private String file;

  @BeforeEach
  void files() {
    files = new ConfigFiles(directory);
    file = files.file();
  }

  @Test
  void aScaleIsReadFromTheFileAndShownInTheDescription() {
    VaultConfig config = files.load("""
        tables:
          orders:
            primary-key: id
            columns:
              price: { mode: deterministic, type: decimal, scale: 2 }
              discount: { type: decimal }
        """);

    EncryptedColumn price = config.column(Identifier.of("orders"), Identifier.of("price")).orElseThrow();
    EncryptedColumn discount = config.column(Identifier.of("orders"), Identifier.of("discount")).orElseThrow();
    assertThat(price.scale()).isEqualTo(OptionalInt.of(2));
    assertThat(discount.scale()).as("randomized: as written").isEmpty();
    assertThat(config.describeColumns()).contains(
        "orders.price: deterministic, type decimal, scale 2, context orders.price, declared at " + file + ":5");
  }

  @Test
  void aDeterministicDecimalWithoutAScaleIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> files.load("""
        tables:
          orders:
            primary-key: id
            columns:
              price: { mode: deterministic, type: decimal }
        """)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":5")
        .hasMessageEndingWith("column orders.price is a deterministic decimal without a scale, so 10.5 would not find 10.50;"
            + " set scale to the decimal places every value has (as in numeric(p, scale)), e.g. scale: 2");
  }

  @Test
  void aScaleOnAnotherTypeOrOutOfRangeIsRefused() {
    assertThatThrownBy(() -> files.load("""
        tables:
          orders:
            primary-key: id
            columns:
              note: { scale: 2 }
        """)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":5").hasMessageEndingWith("column orders.note has a scale, which applies only to type decimal");
    assertThatThrownBy(() -> files.load("""
        tables:
          orders:
            primary-key: id
            columns:
              price: { type: decimal, scale: two }
        """)).isInstanceOf(ConfigException.class)
        .hasMessage(file + ":5: tables.orders.columns.price.scale: must be an integer, 0 to 1000, not 'two'");
    assertThatThrownBy(() -> files.load("""
        tables:
          orders:
            primary-key: id
            columns:
              price: { type: decimal, scale: 1001 }
        """)).isInstanceOf(ConfigException.class)
        .hasMessage(file + ":5: tables.orders.columns.price.scale: must be an integer, 0 to 1000, not '1001'");
  }

  @Test
  void aDifferentScaleIsADifferentEncryption() {
    VaultConfig.Builder builder = VaultConfig.builder();
    builder.table("orders").primaryKey("id").column("price", Mode.RANDOMIZED, null, ValueType.DECIMAL, OptionalInt.of(2), "first");

    assertThatThrownBy(() -> builder.table("orders").column("price", Mode.RANDOMIZED, null, ValueType.DECIMAL, OptionalInt.of(3), "second"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scale 3").hasMessageContaining("scale 2");
  }

  @EncryptedTable(primaryKey = "id")
  static class Invoice {
    long id;
    @Encrypted(mode = Mode.DETERMINISTIC, scale = 2) BigDecimal total;
  }

  @EncryptedTable(primaryKey = "id")
  static class Refund {
    long id;
    @Encrypted(mode = Mode.DETERMINISTIC) BigDecimal amount;
  }

  @Test
  void theAnnotationSaysTheScaleToo() {
    VaultConfig config = files.load("annotated-classes: [" + Invoice.class.getName() + "]\n");

    assertThat(config.column(Identifier.of("invoice"), Identifier.of("total")).orElseThrow().scale()).isEqualTo(OptionalInt.of(2));
    assertThatThrownBy(() -> files.load("annotated-classes: [" + Refund.class.getName() + "]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("column refund.amount is a deterministic decimal without a scale");
  }
}
