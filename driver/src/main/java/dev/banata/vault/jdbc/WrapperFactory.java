package dev.banata.vault.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Creates every wrapper of the driver, HikariCP's {@code ProxyFactory} shape: each wrapper class's
 * generated forwarding subclass ({@link ForwardingSubclass}) is made once, on the first wrapper of
 * that class (whichever thread asks first), and every wrapper is created here and nowhere else.
 *
 * <p>Guarantee: when a wrapper cannot be made, its delegate is closed (when it is closeable) before
 * the failure is thrown, so a connection, statement or result set the driver just opened never leaks
 * behind an exception; a failure to close is added to that exception as suppressed. The wrapper's
 * {@link SQLException} is thrown as it is, an {@link Error} as it is, anything else as an
 * {@link IllegalStateException} naming the wrapper class.
 */
final class WrapperFactory {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

  /**
   * The forwarding subclass's constructor per wrapper class, typed as the wrapper's constructor
   * ({@code exact}) and taking its arguments as one array ({@code spread}). computeIfAbsent, not a
   * ClassValue: a ClassValue may compute the same class's value on several threads at once, and the
   * second definition of the generated class is a LinkageError.
   */
  private static final ConcurrentMap<Class<?>, Constructors> CONSTRUCTORS = new ConcurrentHashMap<>();

  private record Constructors(MethodHandle exact, MethodHandle spread) {}

  private static Constructors constructorsOf(Class<?> wrapper) {
    Constructors known = CONSTRUCTORS.get(wrapper);
    return known != null ? known : CONSTRUCTORS.computeIfAbsent(wrapper, type -> {
      MethodHandle generated = ForwardingSubclass.constructorOf(type, LOOKUP);
      MethodHandle exact = generated.asType(generated.type().changeReturnType(type));
      return new Constructors(exact, generated.asSpreader(Object[].class, generated.type().parameterCount()).asType(SPREAD));
    });
  }

  /**
   * The constructor of {@code wrapper}'s forwarding subclass, of the type of the wrapper's only
   * constructor returning {@code wrapper}. For a wrapper made on every statement or result: kept in
   * a {@code static final} field of the wrapper and called with {@code invokeExact} in the lambda
   * given to {@link #create(Object, Construction)}, a constant handle the JIT compiles as a {@code new}
   * (the array of {@link #create(Class, Object, Object...)} goes through a handle it cannot inline).
   */
  static MethodHandle constructor(Class<?> wrapper) {
    return constructorsOf(wrapper).exact();
  }

  /** Makes one wrapper: {@link #constructor} invoked with the delegate and the wrapper's collaborators. */
  @FunctionalInterface
  interface Construction<T> {
    T make() throws Throwable;
  }

  private WrapperFactory() {}

  /**
   * A new instance of {@code wrapper}'s forwarding subclass, made with {@code delegate} and then the
   * wrapper's other constructor arguments, in the order of its only constructor.
   *
   * @param wrapper an abstract wrapper class of this package (see {@link ForwardingSubclass})
   */
  @SuppressWarnings("unchecked")
  static <T> T create(Class<? extends T> wrapper, Object delegate, Object... collaborators) throws SQLException {
    Object[] arguments = new Object[collaborators.length + 1];
    arguments[0] = delegate;
    System.arraycopy(collaborators, 0, arguments, 1, collaborators.length);
    return create(delegate, () -> (T) (Object) constructorsOf(wrapper).spread().invokeExact(arguments), wrapper);
  }

  /**
   * The wrapper {@code construction} makes of {@code delegate} (see {@link #constructor}), with the
   * guarantee above.
   */
  static <T> T create(Object delegate, Construction<T> construction) throws SQLException {
    return create(delegate, construction, null);
  }

  private static <T> T create(Object delegate, Construction<T> construction, Class<?> wrapper) throws SQLException {
    try {
      return construction.make();
    } catch (SQLException e) {
      throw closeAfter(e, delegate);
    } catch (Error e) {
      throw closeAfter(e, delegate);
    } catch (Throwable e) {
      throw closeAfter(new IllegalStateException("cannot wrap" + (wrapper == null ? "" : " with " + wrapper.getSimpleName()), e),
          delegate);
    }
  }

  /** Work on a delegate before its wrapper is made (ordering its rows, a check), which may fail as the wrapping may. */
  @FunctionalInterface
  interface BeforeWrapping<T> {
    T run() throws SQLException;
  }

  /**
   * What {@code step} returns; when it fails, {@code delegate} is closed as when its wrapper cannot be
   * made ({@link #closeAfter}) and the step's failure is thrown as it is.
   */
  static <T> T closingOnFailure(Object delegate, BeforeWrapping<T> step) throws SQLException {
    try {
      return step.run();
    } catch (SQLException e) {
      throw closeAfter(e, delegate);
    } catch (RuntimeException e) {
      throw closeAfter(e, delegate);
    } catch (Error e) {
      throw closeAfter(e, delegate);
    }
  }

  /**
   * Closes {@code delegate} (when it is closeable) because {@code failure} keeps it from being wrapped,
   * and returns {@code failure} for the caller to throw, with a failure to close added as suppressed.
   */
  static <E extends Throwable> E closeAfter(E failure, Object delegate) {
    if (delegate instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception closeFailure) {
        failure.addSuppressed(closeFailure);
      }
    }
    return failure;
  }
}
