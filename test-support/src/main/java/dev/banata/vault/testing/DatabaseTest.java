package dev.banata.vault.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class (or, where a class mixes both, a test method) that needs the test database:
 * JUnit tag {@value #TAG}.
 *
 * <p>{@code mvn -Pfast ...} (surefire {@code groups=!db}) leaves these classes out, so that crypto,
 * configuration and SQL analysis run in seconds without a server; {@code mvn verify} runs everything.
 * It cannot be forgotten: {@link TestSchema} refuses to start for a class without it, and in a fast
 * run {@link PostgresServer} refuses to start at all.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(DatabaseTest.TAG)
public @interface DatabaseTest {

  /** The JUnit tag; {@code -Dgroups='!db'} excludes it. */
  String TAG = "db";
}
