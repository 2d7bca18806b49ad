package dev.banata.vault.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.banata.vault.internal.sql.ResultLayout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated subclasses forward every interface method the hand-written wrappers leave alone to
 * the delegate (none is left abstract), and result sets returned by forwarded methods come back wrapped.
 */
class GeneratedForwardingTest {

  /** A delegate that records the names of the methods called on it and returns neutral values. */
  private static <T> T recordingDelegate(Class<T> type, List<String> calls) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      calls.add(method.getName());
      return neutral(method.getReturnType(), type);
    }));
  }

  private static Object neutral(Class<?> type, Class<?> delegateType) {
    if (type == boolean.class) {
      return false;
    }
    if (type == ResultSet.class && delegateType == DatabaseMetaData.class) {
      return recordingDelegate(ResultSet.class, new ArrayList<>());
    }
    // One branch per type: a conditional expression would promote them all to double.
    Object zero = null;
    if (type == long.class) {
      zero = 0L;
    } else if (type == double.class) {
      zero = 0d;
    } else if (type == float.class) {
      zero = 0f;
    } else if (type == short.class) {
      zero = (short) 0;
    } else if (type == byte.class) {
      zero = (byte) 0;
    } else if (type == char.class) {
      zero = (char) 0;
    } else if (type == int.class) {
      zero = 0;
    }
    return zero;
  }

  private static Object[] neutralArguments(Method method) {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = types[i] == int.class ? 1 : neutral(types[i], Object.class);
    }
    return args;
  }

  /** Calls every public interface method of {@code wrapper}; returns the ones that did not reach the delegate. */
  private static List<String> callEverything(Object wrapper, Class<?> type, List<String> delegateCalls, Set<String> intercepted)
      throws Exception {
    List<String> notForwarded = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || intercepted.contains(method.getName())) {
        continue;
      }
      delegateCalls.clear();
      try {
        method.invoke(wrapper, neutralArguments(method));
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof AbstractMethodError) {
          notForwarded.add(method + " is abstract");
        }
      }
      if (!delegateCalls.contains(method.getName())) {
        notForwarded.add(method.toString());
      }
    }
    return notForwarded;
  }

  @Test
  void aPlainResultSetForwardsEveryMethodButItsBackReferences() throws Exception {
    List<String> calls = new ArrayList<>();
    ResultSet wrapper = VaultResultSet.wrap(recordingDelegate(ResultSet.class, calls), null, ResultLayout.none(), null);

    assertThat(callEverything(wrapper, ResultSet.class, calls, Set.of("getStatement", "unwrap", "isWrapperFor", "getMetaData"))).isEmpty();
  }

  @Test
  void resultMetaDataForwardsEveryMethod() throws Exception {
    List<String> calls = new ArrayList<>();
    ResultSetMetaData wrapper = VaultResultSetMetaData.wrap(recordingDelegate(ResultSetMetaData.class, calls), ResultLayout.none());

    assertThat(callEverything(wrapper, ResultSetMetaData.class, calls, Set.of("unwrap", "isWrapperFor"))).isEmpty();
  }

  @Test
  void databaseMetaDataForwardsEveryMethodAndWrapsTheResultSetsItReturns() throws Exception {
    List<String> calls = new ArrayList<>();
    DatabaseMetaData wrapper = VaultDatabaseMetaData.wrap(recordingDelegate(DatabaseMetaData.class, calls), null);

    assertThat(callEverything(wrapper, DatabaseMetaData.class, calls, Set.of("getConnection", "unwrap", "isWrapperFor", "getColumns"))).isEmpty();
    assertThat(wrapper.getTables(null, null, null, null).getClass().getName()).startsWith(VaultResultSet.class.getName());
  }
}
