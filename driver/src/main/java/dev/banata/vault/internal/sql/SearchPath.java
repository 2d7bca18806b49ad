package dev.banata.vault.internal.sql;

import java.util.Objects;

/**
 * What the unqualified table names of a connection resolve against, as a key: a plan analysed
 * under one search path is only used under an equal one ({@link PlanCache}). Two connections with
 * the same {@code search_path} setting and the same current user, and no temporary schema, resolve
 * every name alike (given the same tables), so they share plans. A connection with a temporary
 * schema resolves names to its own tables first: its search path equals only itself, and its plans
 * are never used by another connection (temporary schemas are reused by later sessions, so their
 * names cannot tell sessions apart).
 *
 * <p>Holds names and settings only, never a value.
 */
public final class SearchPath {

  /**
   * For analyses made without a connection (tests, tools): names resolve however the catalog given
   * to the analysis resolves them.
   */
  public static final SearchPath UNSPECIFIED = new SearchPath("", "", false);

  private final String setting;
  private final String user;
  private final boolean ownSession;
  private final int hash;

  private SearchPath(String setting, String user, boolean ownSession) {
    this.setting = Objects.requireNonNull(setting, "setting");
    this.user = Objects.requireNonNull(user, "user");
    this.ownSession = ownSession;
    this.hash = ownSession ? System.identityHashCode(this) : 31 * setting.hashCode() + user.hashCode();
  }

  /**
   * A connection without a temporary schema.
   *
   * @param setting the {@code search_path} setting as the server reports it
   * @param user the current user, which {@code $user} in the setting stands for
   */
  public static SearchPath of(String setting, String user) {
    return new SearchPath(setting, user, false);
  }

  /** A connection whose names may resolve to its own temporary tables: equal to no other search path. */
  public static SearchPath ofOneSession(String setting, String user) {
    return new SearchPath(setting, user, true);
  }

  /** Whether names may resolve to the temporary tables of one session. */
  public boolean ofOneSessionOnly() {
    return ownSession;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof SearchPath that && !ownSession && !that.ownSession && hash == that.hash
        && setting.equals(that.setting) && user.equals(that.user);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "SearchPath[" + setting + " for " + user + (ownSession ? ", with a temporary schema" : "") + "]";
  }
}
