package dev.banata.vault.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server of a test class's own ({@link RestartablePostgres}, {@link StatementLoggingPostgres},
 * {@link ReplicatedPostgres}: one the test restarts, reconfigures or reads the log of, which the
 * shared server must never be), started before the class's {@code @BeforeAll} methods and closed
 * after its {@code @AfterAll} methods, whatever the tests did:
 *
 * <pre>{@code
 * @RegisterExtension static final PrivateServer<RestartablePostgres> server = PrivateServer.of(RestartablePostgres::start);
 * ... server.get().url() ...
 * }</pre>
 *
 * A server that cannot start fails the class (no binaries is a failure, not a skip).
 */
public final class PrivateServer<S extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

  /** How the server starts: one of the servers' {@code start} methods, or a test's own around one. */
  @FunctionalInterface
  public interface Start<S> {
    S start() throws Exception;
  }

  private final Start<S> start;
  private S server;

  private PrivateServer(Start<S> start) {
    this.start = start;
  }

  public static <S extends AutoCloseable> PrivateServer<S> of(Start<S> start) {
    return new PrivateServer<>(start);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = start.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    S started = server;
    server = null;
    if (started != null) {
      started.close();
    }
  }

  /** The running server; only between the class's first and last callback. */
  public S get() {
    if (server == null) {
      throw new IllegalStateException("the private server runs only while its test class does (a static @RegisterExtension field)");
    }
    return server;
  }
}
