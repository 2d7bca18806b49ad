package dev.banata.vault.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DatabaseTest
class TestSchemaTest {

  @RegisterExtension static final TestSchema db = new TestSchema();

  @Test
  void unqualifiedTablesLandInTheClassSchema() throws Exception {
    db.execute("CREATE TABLE probe (id int primary key)", "INSERT INTO probe VALUES (1)");
    try (Connection connection = db.plainConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_schema(), count(*) FROM probe")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(db.name());
      assertThat(rows.getInt(2)).isEqualTo(1);
    }
  }

  @Test
  void theVaultUrlWrapsThePlainOne() {
    assertThat(db.vaultUrl()).startsWith("jdbc:vault:postgresql:").endsWith("currentSchema=" + db.name());
  }
}
