package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.sql.PlanCache;
import dev.banata.vault.internal.sql.TableCatalog;
import org.junit.jupiter.api.Test;

/**
 * Which tables a statement run through the driver may have changed, so that their catalog entries
 * and plans are dropped: every name in ALTER/DROP/CREATE (renames included), quoted names exactly,
 * nothing for queries, DML and session statements, every table when the text is beyond this reader.
 */
class DdlNamesTheTablesItChangesTest {

  private static final PlanCache PLANS = new PlanCache(VaultConfig.empty(), 100);

  private static SchemaChange of(String sql) {
    return SchemaChange.of(sql, PLANS.plan(sql, TableCatalog.EMPTY));
  }

  @Test
  void alterDropCreateAndRenameNameTheirTables() {
    assertThat(of("ALTER TABLE Customers DROP COLUMN name").names()).contains("customers");
    assertThat(of("alter table public.customers_old rename to customers").names()).contains("customers_old", "customers");
    assertThat(of("DROP TABLE IF EXISTS a, \"Mixed\"\"Case\" CASCADE").names()).contains("a", "Mixed\"Case").doesNotContain("mixed\"case");
    assertThat(of("/* migration 7 */ CREATE TABLE customers (id bigint, email text)").names()).contains("customers");
    assertThat(of("  -- a comment\n ALTER TABLE customers ADD COLUMN note text").names()).contains("customers");
  }

  @Test
  void queriesDmlAndSessionStatementsChangeNothing() {
    assertThat(of("SELECT * FROM customers").isNone()).isTrue();
    assertThat(of("UPDATE customers SET name = 'create table x'").isNone()).isTrue();
    assertThat(of("SET search_path TO app").noTable()).isTrue();
    assertThat(of("COMMIT").noTable()).isTrue();
    assertThat(of("SET statement_timeout = 5000").isNone()).isTrue();
    assertThat(of("SET LOCAL application_name = 'search_path'").isNone()).isTrue();
  }

  @Test
  void whatMayMakeANameResolveToAnotherTableOnTheConnectionIsSeen() {
    for (String sql : new String[] {"SET search_path TO app", "set local search_path = app, public", "SET SCHEMA 'app'",
        "SET \"search_path\" TO app", "SET ROLE reporting", "RESET ROLE", "SET SESSION AUTHORIZATION reporting",
        "RESET ALL", "RESET search_path", "DISCARD TEMP", "DISCARD ALL", "CREATE TEMP TABLE customers (email text, id int)",
        "DROP TABLE customers", "GRANT USAGE ON SCHEMA app TO app_user"}) {
      assertThat(of(sql).mayChangeSearchPath()).as(sql).isTrue();
    }
    assertThat(of("SET TIME ZONE 'UTC'").mayChangeSearchPath()).isFalse();
    assertThat(of("SELECT set_config('search_path', 'app', false)").mayChangeSearchPath())
        .as("a function's change is not seen (docs/SQL.md)").isFalse();
    assertThat(of("COMMIT").endsTransaction()).isTrue();
    assertThat(of("ROLLBACK TO SAVEPOINT s").endsTransaction()).isTrue();
  }

  @Test
  void aSchemaDroppedOrRenamedChangesEveryTable() {
    // Its tables move or go without being named; a table earlier in the path may uncover another one.
    assertThat(of("DROP SCHEMA app CASCADE").everyTable()).isTrue();
    assertThat(of("ALTER SCHEMA app RENAME TO old_app").everyTable()).isTrue();
    assertThat(of("DROP OWNED BY app_user").everyTable()).isTrue();
  }

  @Test
  void textThisReaderCannotFollowChangesEveryTable() {
    assertThat(of("DO $$ BEGIN EXECUTE 'ALTER TABLE customers DROP COLUMN name'; END $$").everyTable()).isTrue();
    assertThat(of("ALTER TABLE customers ADD COLUMN note text DEFAULT E'\\\\'").everyTable()).isTrue();
    assertThat(of("ALTER TABLE U&\"cust\\006Fmers\" DROP COLUMN name").everyTable()).isTrue();
    assertThat(of("/* unterminated ALTER TABLE customers").everyTable()).isTrue();
  }

  @Test
  void aStringOrACommentDoesNotHideANameAfterIt() {
    assertThat(of("COMMENT ON TABLE x IS 'y'").isNone()).isTrue();
    assertThat(of("ALTER TABLE /* it's */ customers ALTER COLUMN note SET DEFAULT 'it''s'").names()).contains("customers");
    assertThat(of("CREATE INDEX ON staff /* /* nested */ */ (last_name)").names()).contains("staff", "last_name");
  }
}
