package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every wrapper is made by WrapperFactory, which closes the delegate when the wrapper cannot be made. */
class WrapperFactoryTest {

  /** A wrapper that fails in its constructor as told: how a wrapper of ours fails when its collaborators do. */
  abstract static class FailingResultSet implements ResultSet {
    final ResultSet delegate;

    FailingResultSet(ResultSet delegate, Exception failure) throws SQLException {
      this.delegate = delegate;
      if (failure instanceof SQLException sql) {
        throw sql;
      }
      if (failure instanceof RuntimeException unchecked) {
        throw unchecked;
      }
    }
  }

  private final List<String> calls = new ArrayList<>();

  private ResultSet delegate(SQLException closeFailure) {
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
      calls.add(method.getName());
      if (method.getName().equals("close") && closeFailure != null) {
        throw closeFailure;
      }
      return method.getName().equals("getRow") ? 7 : null;
    });
  }

  @Test
  void aWrapperThatCanBeMadeForwardsAndLeavesTheDelegateOpen() throws SQLException {
    ResultSet wrapper = WrapperFactory.create(FailingResultSet.class, delegate(null), (Exception) null);

    assertThat(wrapper.getRow()).isEqualTo(7);
    assertThat(calls).containsExactly("getRow");
  }

  @Test
  void anSqlExceptionOfTheWrapperIsThrownAsItIsAfterTheDelegateIsClosed() {
    SQLException failure = new SQLException("the wrapper's collaborator failed");

    assertThatThrownBy(() -> WrapperFactory.create(FailingResultSet.class, delegate(null), failure)).isSameAs(failure);
    assertThat(calls).containsExactly("close");
  }

  @Test
  void anyOtherFailureNamesTheWrapperAndTheDelegateIsClosed() {
    IllegalArgumentException failure = new IllegalArgumentException("bug");

    assertThatThrownBy(() -> WrapperFactory.create(FailingResultSet.class, delegate(null), failure))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("FailingResultSet").hasCause(failure);
    assertThat(calls).containsExactly("close");
  }

  @Test
  void aFailureToCloseIsSuppressedUnderTheFailureToWrap() {
    SQLException failure = new SQLException("cannot wrap");
    SQLException closeFailure = new SQLException("cannot close either");

    assertThatThrownBy(() -> WrapperFactory.create(FailingResultSet.class, delegate(closeFailure), failure))
        .isSameAs(failure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(closeFailure));
  }

  @Test
  void wrongConstructorArgumentsAreABugThatStillClosesTheDelegate() {
    assertThatThrownBy(() -> WrapperFactory.create(FailingResultSet.class, delegate(null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).containsExactly("close");
  }
}
