package dev.banata.vault.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How equality on a deterministic column is sent while one, two or three key versions are live. */
class PhysicalSqlExpansionTest {

  private final PlanCache cache = new PlanCache(CorpusSchema.config(), 64);

  private StatementPlan plan(String sql) {
    return cache.plan(sql, CorpusSchema.catalog());
  }

  @Test
  void withOneLiveVersionTheSqlIsSentAsWritten() {
    String sql = "select c1_0.id,c1_0.email from customers c1_0 where c1_0.email=?";
    PhysicalStatement physical = plan(sql).physical(1);

    assertThat(physical.sql()).isSameAs(sql);
    assertThat(physical.parameterCount()).isEqualTo(1);
    assertThat(physical.physicalIndex(1, 0)).isEqualTo(1);
  }

  @Test
  void equalityBecomesInWithOneSlotPerLiveVersion() {
    StatementPlan plan = plan("select c1_0.id,c1_0.email from customers c1_0 where c1_0.email=?");

    assertThat(plan.physical(2).sql()).isEqualTo("SELECT c1_0.id, c1_0.email FROM customers c1_0 WHERE c1_0.email IN (?, ?)");
    assertThat(plan.physical(3).sql()).isEqualTo("SELECT c1_0.id, c1_0.email FROM customers c1_0 WHERE c1_0.email IN (?, ?, ?)");
    PhysicalStatement two = plan.physical(2);
    assertThat(two.slots()).extracting(PhysicalSlot::parameterIndex, PhysicalSlot::versionIndex, PhysicalSlot::role)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, ParameterRole.MATCH), org.assertj.core.groups.Tuple.tuple(1, 1, ParameterRole.MATCH));
  }

  @Test
  void anInListFollowedByAndStaysOneComparisonAndExpandsInPlace() {
    // JSqlParser reads "email IN (?) AND (name = ?)" as email IN ((?) AND (name = ?)); PostgreSQL's reading is sent.
    StatementPlan plan = plan("select id from customers where email in (?) and (name = ?) or id in (?, ?)");

    assertThat(plan.physical(1).sql()).isEqualTo("select id from customers where email in (?) and (name = ?) or id in (?, ?)");
    assertThat(plan.physical(2).sql()).isEqualTo("SELECT id FROM customers WHERE email IN (?, ?) AND (name = ?) OR id IN (?, ?)");
    assertThat(plan.physical(2).physicalIndex(2, 0)).isEqualTo(3);
  }

  @Test
  void notEqualBecomesNotIn() {
    assertThat(plan("select id from customers where email <> ?").physical(2).sql())
        .isEqualTo("SELECT id FROM customers WHERE email NOT IN (?, ?)");
  }

  @Test
  void parameterOnTheLeftIsMovedToTheInList() {
    assertThat(plan("select id from customers where ? = email").physical(2).sql())
        .isEqualTo("SELECT id FROM customers WHERE email IN (?, ?)");
  }

  @Test
  void aCastAroundAMatchedParameterIsDroppedSoTheListStaysValid() {
    assertThat(plan("select id from customers where email = cast(? as varchar)").physical(2).sql())
        .isEqualTo("SELECT id FROM customers WHERE email IN (?, ?)");
  }

  @Test
  void everyItemOfAnInListExpandsInPlace() {
    PhysicalStatement physical = plan("select id from customers where email in (?, ?)").physical(2);

    assertThat(physical.sql()).isEqualTo("SELECT id FROM customers WHERE email IN (?, ?, ?, ?)");
    assertThat(physical.physicalIndex(1, 0)).isEqualTo(1);
    assertThat(physical.physicalIndex(1, 1)).isEqualTo(2);
    assertThat(physical.physicalIndex(2, 0)).isEqualTo(3);
    assertThat(physical.physicalIndex(2, 1)).isEqualTo(4);
  }

  @Test
  void plainAndValueParametersKeepOneSlotAndShiftAfterExpandedOnes() {
    StatementPlan plan = plan("update customers set ssn = ? where name = ? and email = ? and id = ?");
    PhysicalStatement physical = plan.physical(2);

    assertThat(physical.sql()).isEqualTo("UPDATE customers SET ssn = ? WHERE name = ? AND email IN (?, ?) AND id = ?");
    assertThat(physical.slotCount(1)).isEqualTo(1);
    assertThat(physical.physicalIndex(1, 0)).isEqualTo(1);
    assertThat(physical.physicalIndex(2, 0)).isEqualTo(2);
    assertThat(physical.physicalIndex(3, 0)).isEqualTo(3);
    assertThat(physical.physicalIndex(3, 1)).isEqualTo(4);
    assertThat(physical.physicalIndex(4, 0)).isEqualTo(5);
    assertThat(physical.slots().get(0).role()).isEqualTo(ParameterRole.VALUE);
    assertThat(physical.slots().get(1).role()).isEqualTo(ParameterRole.PLAIN);
  }

  @Test
  void parametersAreMappedByTheirPositionInTheApplicationsSqlEvenWhenTheClausesAreReordered() {
    // PostgreSQL accepts OFFSET before LIMIT; the re-written SQL may put them the other way round.
    PhysicalStatement physical = plan("select email from customers where email = ? offset ? limit ?").physical(2);

    assertThat(physical.parameterCount()).isEqualTo(4);
    int offsetSlot = physical.physicalIndex(2, 0);
    int limitSlot = physical.physicalIndex(3, 0);
    assertThat(physical.slots().get(offsetSlot - 1).parameterIndex()).isEqualTo(2);
    assertThat(physical.slots().get(limitSlot - 1).parameterIndex()).isEqualTo(3);
    assertThat(physical.sql().indexOf("OFFSET")).isGreaterThan(0);
  }

  @Test
  void statementWithoutEqualityIsTheSameForAnyVersionCount() {
    String sql = "insert into customers (birth_date,email,name,ssn,id) values (?,?,?,?,?)";
    StatementPlan plan = plan(sql);

    assertThat(plan.physical(3).sql()).isSameAs(sql);
    assertThat(plan.physical(3).parameterCount()).isEqualTo(5);
  }

  @Test
  void physicalFormIsComputedOncePerVersionCount() {
    StatementPlan plan = plan("select id from customers where email = ?");

    assertThat(plan.physical(2)).isSameAs(plan.physical(2));
    assertThat(plan.physical(1)).isNotSameAs(plan.physical(2));
  }

  @Test
  void literalsAreRenderedAsCiphertextLiteralsOnEveryExecution() {
    StatementPlan plan = plan("select id from customers where email = 'ann@example.com' and name = 'Ann'");
    List<String> asked = new ArrayList<>();

    String rendered = plan.physical(2).render((literal, versions) -> {
      asked.add(literal.text());
      return versions == 2 ? List.of("v2:AAA", "v1:BBB") : List.of("v1:BBB");
    });

    assertThat(rendered).isEqualTo("SELECT id FROM customers WHERE email IN ('v2:AAA', 'v1:BBB') AND name = 'Ann'");
    assertThat(asked).containsExactly("ann@example.com");
    assertThat(plan.physical(2).hasLiterals()).isTrue();
    assertThatThrownBy(() -> plan.physical(2).sql()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void literalWithAQuoteIsUnquotedBeforeEncryption() {
    StatementPlan plan = plan("insert into customers (id, email) values (1, 'o''brien@example.com')");

    assertThat(plan.literals().get(0).text()).isEqualTo("o'brien@example.com");
    assertThat(plan.literals().get(0).toString()).doesNotContain("brien");
  }

  @Test
  void byteaCiphertextIsWrittenAsHex() {
    StatementPlan plan = plan("insert into accounts (id, token) values (1, 'abc')");

    String rendered = plan.physical(1).render((literal, versions) -> List.of(new byte[] {(byte) 0xCA, (byte) 0xFE}));

    assertThat(plan.literals().get(0).storage()).isEqualTo(Storage.BYTEA);
    assertThat(rendered).isEqualTo("INSERT INTO accounts (id, token) VALUES (1, decode('cafe', 'hex'))");
  }

  @Test
  void aLiteralEncryptorReturningTheWrongNumberOfCiphertextsIsAnError() {
    StatementPlan plan = plan("select id from customers where email = 'ann@example.com'");

    assertThatThrownBy(() -> plan.physical(2).render((literal, versions) -> List.of("v1:only-one")))
        .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("ann@example.com");
  }

  @Test
  void aRejectedOrPassThroughPlanHasNoPhysicalForm() {
    assertThatThrownBy(() -> plan("select id from customers where email like ?").physical(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> plan("select id from products").physical(1)).isInstanceOf(IllegalStateException.class);
  }
}
