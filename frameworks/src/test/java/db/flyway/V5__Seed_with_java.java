package db.flyway;

import java.sql.PreparedStatement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** A Java migration: Flyway hands it the connection it migrates with, here a vault connection. */
public class V5__Seed_with_java extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    try (PreparedStatement insert = context.getConnection().prepareStatement(
        "INSERT INTO customers (name, email, ssn, city) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, "Edsger");
      insert.setString(2, "edsger@example.com");
      insert.setString(3, "555-55-5555");
      insert.setString(4, "Austin");
      insert.executeUpdate();
    }
  }
}
