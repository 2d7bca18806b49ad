package dev.banata.vault.internal.columns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.SearchOptions;
import dev.banata.vault.internal.crypto.PrefixIndex;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A column's search options as the driver and the jobs both apply them to stored values. */
class ColumnSearchTest {

  private static EncryptedColumn column(SearchOptions search) {
    return new EncryptedColumn(Identifier.of("customers"), Identifier.of("email"), Mode.DETERMINISTIC, "customers.email",
        ValueType.TEXT, OptionalInt.empty(), "test", search);
  }

  @Test
  void thePrefixIndexIsTheSearchOptionsTokens() {
    assertThat(ColumnSearch.prefixIndex(column(SearchOptions.NONE))).isNull();
    assertThat(ColumnSearch.prefixIndex(column(SearchOptions.prefix(false, 5)))).isEqualTo(new PrefixIndex(5, false));
    assertThat(ColumnSearch.prefixIndex(column(SearchOptions.prefix(true, 16)))).isEqualTo(new PrefixIndex(16, true));
  }

  @Test
  void onlyAnIgnoreCaseColumnRefusesTextItsCaseFoldingDoesNotCover() {
    // U+212A, the Kelvin sign, lowers into another script's letter: outside the frozen case folding.
    String kelvin = "\u212Aelvin";
    assertThat(ColumnSearch.canStore(column(SearchOptions.prefix(true, 16)), kelvin)).isFalse();
    assertThat(ColumnSearch.canStore(column(SearchOptions.prefix(true, 16)), "Kelvin")).isTrue();
    assertThat(ColumnSearch.canStore(column(SearchOptions.prefix(true, 16)), null)).isTrue();
    assertThat(ColumnSearch.canStore(column(SearchOptions.prefix(false, 16)), kelvin)).isTrue();
    assertThat(ColumnSearch.canStore(column(SearchOptions.NONE), kelvin)).isTrue();
  }
}
