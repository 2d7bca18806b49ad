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

  /** Wrapped for the first time by several threads at once (no other test uses it). */
  abstract static class FirstWrappedConcurrently implements ResultSet {
    final ResultSet delegate;

    FirstWrappedConcurrently(ResultSet delegate) {
      this.delegate = delegate;
    }
  }

  private final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

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
  void workBeforeWrappingThatFailsClosesTheDelegateAndKeepsItsOwnFailure() {
    SQLException failure = new SQLException("too many rows");
    SQLException closeFailure = new SQLException("cannot close either");
    IllegalArgumentException bug = new IllegalArgumentException("bug");

    assertThatThrownBy(() -> WrapperFactory.closingOnFailure(delegate(closeFailure), () -> { throw failure; }))
        .isSameAs(failure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(closeFailure));
    assertThatThrownBy(() -> WrapperFactory.closingOnFailure(delegate(null), () -> { throw bug; })).isSameAs(bug);
    assertThat(calls).containsExactly("close", "close");
  }

  @Test
  void workBeforeWrappingThatSucceedsLeavesTheDelegateOpen() throws SQLException {
    assertThat(WrapperFactory.closingOnFailure(delegate(null), () -> 3)).isEqualTo(3);
    assertThat(calls).isEmpty();
  }

  @Test
  void wrongConstructorArgumentsAreABugThatStillClosesTheDelegate() {
    assertThatThrownBy(() -> WrapperFactory.create(FailingResultSet.class, delegate(null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).containsExactly("close");
  }

  /** The generated class is defined once even when the first wrappers are made by many threads at once. */
  @Test
  void theFirstWrappersOfAClassMayBeMadeConcurrently() throws Exception {
    int threads = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<ResultSet>> made = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        made.add(pool.submit(() -> {
          start.await();
          return WrapperFactory.create(FirstWrappedConcurrently.class, delegate(null));
        }));
      }
      for (java.util.concurrent.Future<ResultSet> wrapper : made) {
        assertThat(wrapper.get()).isInstanceOf(FirstWrappedConcurrently.class);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
