package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banata.vault.config.UnparseableSqlPolicy;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a rejection says, what unparseable SQL becomes under each policy, and generated keys. */
class FailClosedTest {

  private static StatementPlan plan(String sql) {
    return new PlanCache(CorpusSchema.config(), 4).plan(sql, CorpusSchema.catalog());
  }

  @Test
  void rejectionNamesTableColumnAndOperationButNeverTheValue() {
    StatementPlan plan = plan("select id from customers where email like 'secret-prefix%'");
    Rejection rejection = plan.rejection().orElseThrow();

    // What the application receives for it (VaultSqlException, 0A000, this message) is jdbc's: VaultDataSourceTest,
    // ErrorsComeFromOneCatalogueTest.
    assertThat(rejection.reason()).isEqualTo(Rejection.Reason.PATTERN_MATCH);
    assertThat(rejection.message()).contains("customers.email").contains("LIKE").doesNotContain("secret-prefix");
    assertThat(plan.toString()).doesNotContain("secret-prefix");
  }

  @Test
  void unparseableSqlNamingAnEncryptedTableIsRejectedUnderTheDefaultPolicy() {
    StatementPlan plan = plan("selec email fron customers wher email = 'x'");

    assertThat(plan.kind()).isEqualTo(StatementKind.UNPARSEABLE);
    assertThat(plan.rejection()).hasValueSatisfying(rejection -> {
      assertThat(rejection.table()).isEqualTo("customers");
      assertThat(rejection.column()).isNull();
      assertThat(rejection.message()).contains("encrypted table customers").contains("without the vault").doesNotContain("'x'");
    });
  }

  @Test
  void unparseableSqlNamingOnlyAnEncryptedColumnNameOfAnotherTablePassesThrough() {
    // customers.email is encrypted; staff.email is not, and nothing here is a token naming customers
    assertThat(plan("create index on staff (email)").rejection()).isEmpty();
    assertThat(plan("create index on staff (email) -- copied from customers").rejection()).isEmpty();
    // (an index without a name over bare columns is read on the scanner's tokens: see UnnamedIndex)
    assertThat(plan("create index on \"customers\" (lower(email))").rejection()).isPresent();
  }

  @Test
  void unparseableSqlNamingNothingEncryptedPassesThrough() {
    StatementPlan plan = plan("selec emails fron customer_notes");

    assertThat(plan.rejection()).as("whole words only: emails, customer_notes").isEmpty();
    assertThat(plan.touchesEncryption()).isFalse();
  }

  @Test
  void passthroughPolicyPassesUnparseableSqlEvenWhenItNamesAnEncryptedColumn() {
    StatementPlan plan = new PlanCache(CorpusSchema.config(UnparseableSqlPolicy.PASSTHROUGH), 4)
        .plan("selec email fron customers where id = ? and note = '?'", CorpusSchema.catalog());

    assertThat(plan.rejection()).isEmpty();
    assertThat(plan.touchesEncryption()).isFalse();
    assertThat(plan.parameterCount()).isEqualTo(1);
    assertThat(plan.parameter(1).role()).isEqualTo(ParameterRole.PLAIN);
  }

  @Test
  void passthroughPolicyDoesNotLetParsedButUnsupportedSqlThrough() {
    StatementPlan plan = new PlanCache(CorpusSchema.config(UnparseableSqlPolicy.PASSTHROUGH), 4)
        .plan("select id from customers where email like ?", CorpusSchema.catalog());

    assertThat(plan.rejection()).isPresent();
  }

  @Test
  void generatedKeysOfAnInsertAreTheTargetTablesColumns() throws Exception {
    StatementPlan plan = plan("insert into customers (name, email) values (?, ?)");

    ResultLayout keys = plan.generatedKeys();
    assertThat(keys.width()).isEqualTo(6);
    assertThat(keys.column(1)).isNull();
    assertThat(keys.column(3).column().column().name()).isEqualTo("email");
    assertThat(keys.column(4).column().context()).isEqualTo("pii");

    ResultLayout named = plan.generatedKeys(new String[] {"id", "EMAIL"});
    assertThat(named.width()).isEqualTo(2);
    assertThat(named.column(1)).isNull();
    assertThat(named.column(2).column().column().name()).isEqualTo("email");
  }

  @Test
  void generatedKeysOfAStatementWithItsOwnReturningAreItsResults() throws Exception {
    StatementPlan plan = plan("insert into customers (email) values (?) returning id, ssn");

    assertThat(plan.generatedKeys().width()).isEqualTo(2);
    assertThat(plan.generatedKeys().column(2).column().column().name()).isEqualTo("ssn");
  }

  @Test
  void generatedKeysOfATableTheCatalogDoesNotKnowAreRefused() {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan("insert into customers (email) values (?)", TableCatalog.EMPTY);

    assertThat(plan.parameter(1).role()).isEqualTo(ParameterRole.VALUE);
    assertThatThrownBy(plan::generatedKeys).isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
  }

  @Test
  void selectStarOverATableTheCatalogDoesNotKnowIsRefusedWhenItHasEncryptedColumns() {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan("select * from customers", TableCatalog.EMPTY);

    assertThat(plan.rejection()).hasValueSatisfying(rejection -> assertThat(rejection.table()).isEqualTo("customers"));
  }

  @Test
  void namedColumnsOfATableTheCatalogDoesNotKnowAreStillDecrypted() {
    StatementPlan plan = new PlanCache(CorpusSchema.config(), 4).plan("select id, email from customers where email = ?", TableCatalog.EMPTY);

    assertThat(plan.results().column(2).storage()).isEqualTo(Storage.TEXT);
    assertThat(plan.parameter(1).role()).isEqualTo(ParameterRole.MATCH);
  }

  @Test
  void byteaStorageComesFromTheCatalog() {
    StatementPlan plan = plan("select token from accounts where token = ?");

    assertThat(plan.results().column(1).storage()).isEqualTo(Storage.BYTEA);
    assertThat(plan.parameter(1).storage()).isEqualTo(Storage.BYTEA);
  }
}
