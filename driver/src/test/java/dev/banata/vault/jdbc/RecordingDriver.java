package dev.banata.vault.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * A test delegate driver for {@code jdbc:recording:<delegate>} URLs that records everything sent to
 * the server: every SQL text passed to any method, and every value passed to any
 * {@code setXxx}/{@code setObject}/{@code addBatch} of statements — as text, and for byte arrays
 * also as UTF-8 and hex. Used as {@code jdbc:vault:recording:postgresql:...}.
 */
public final class RecordingDriver implements Driver {

  static final String PREFIX = "jdbc:recording:";
  private static final ConcurrentLinkedQueue<String> RECORDED = new ConcurrentLinkedQueue<>();

  static {
    try {
      DriverManager.registerDriver(new RecordingDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Everything recorded so far, in order. */
  static List<String> recorded() {
    return List.copyOf(RECORDED);
  }

  static void clear() {
    RECORDED.clear();
  }

  /** The vault URL over a recording delegate for a plain URL: {@code jdbc:vault:recording:postgresql:...}. */
  static String vaultRecordingUrl(String plainUrl) {
    return "jdbc:vault:recording:" + plainUrl.substring("jdbc:".length());
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
    return (Connection) record(real, Connection.class);
  }

  private static Object record(Object target, Class<?> type) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (args != null) {
        for (Object arg : args) {
          remember(arg);
        }
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      Class<?> returned = method.getReturnType();
      if (result != null && returned.isInterface() && java.sql.Statement.class.isAssignableFrom(returned)) {
        return record(result, returned);
      }
      return result;
    };
    return Proxy.newProxyInstance(RecordingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static void remember(Object value) {
    if (value instanceof String text) {
      RECORDED.add(text);
    } else if (value instanceof byte[] bytes) {
      RECORDED.add(new String(bytes, StandardCharsets.UTF_8));
      RECORDED.add(HexFormat.of().formatHex(bytes));
    } else if (value instanceof Object[] array) {
      for (Object each : array) {
        remember(each);
      }
    } else if (value != null) {
      RECORDED.add(String.valueOf(value));
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
