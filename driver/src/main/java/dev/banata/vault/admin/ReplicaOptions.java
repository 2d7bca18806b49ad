package dev.banata.vault.admin;

import dev.banata.vault.internal.rewrite.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --replica URL} (repeatable) and {@code --replica-timeout}: the streaming replicas that
 * applications read from, which a key version and a rewrite reach only once they have replayed the
 * primary's WAL up to it. {@link #awaitReplay} waits for each of them to replay past a WAL position of
 * the primary ({@code pg_current_wal_lsn()} there, {@code pg_last_wal_replay_lsn()} on the replica).
 * The replicas are reached with the {@code --user} and password of {@code --url}.
 */
final class ReplicaOptions {

  @Option(names = "--replica", paramLabel = "JDBC-URL",
      description = "A streaming replica applications read from (repeatable): jdbc:postgresql://replica:5432/db or a jdbc:vault: URL; same user and password as --url. "
          + "The command waits until it has replayed the primary's WAL past the step that matters (see docs/OPERATIONS.md, \"Read replicas\").")
  List<String> urls = new ArrayList<>();

  @Option(names = "--replica-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for a --replica to replay before giving up (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  boolean any() {
    return !urls.isEmpty();
  }

  /** The primary's WAL position now: everything committed before this call is at or below it. */
  static String currentWalPosition(Connection primary) throws SQLException {
    try (Statement statement = primary.createStatement(); ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
      row.next();
      return row.getString(1);
    }
  }

  /** A replica that did not replay in time: its URL (without the query) and how far behind it was. */
  record Behind(String replica, String replayed, long bytesBehind, boolean paused) {
    String describe() {
      return String.format(Locale.ROOT, "replica %s has replayed up to %s, %,d bytes of WAL behind%s", replica, replayed, bytesBehind,
          paused ? " (replay is paused: pg_is_wal_replay_paused())" : "");
    }
  }

  /**
   * Waits until every replica has replayed past {@code position}, at most {@code --replica-timeout}.
   *
   * @return the replicas still behind when the time was up (empty: all caught up)
   * @throws AdminFailure {@link ExitCode#DATABASE} when a replica cannot be reached, {@link ExitCode#CONFIG}
   *     when a URL names a server that is not a replica (not in recovery)
   */
  List<Behind> awaitReplay(DatabaseOptions.Database primary, String position, String why, Progress progress) {
    Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
    List<Behind> behind = new ArrayList<>();
    for (String url : urls) {
      DatabaseOptions.Database replica = primary.at(DatabaseOptions.parse(url));
      try (Connection connection = replica.connect();
          PreparedStatement lag = connection.prepareStatement("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
              + " coalesce(pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn()), 0)::bigint, pg_is_in_recovery() AND pg_is_wal_replay_paused()")) {
        lag.setString(1, position);
        boolean said = false;
        while (true) {
          try (ResultSet row = lag.executeQuery()) {
            row.next();
            if (!row.getBoolean(1)) {
              throw new AdminFailure(ExitCode.CONFIG, "--replica " + replica.url().describe() + " is not a replica (pg_is_in_recovery() is false);"
                  + " name the streaming replicas applications read from");
            }
            Behind now = new Behind(replica.url().describe(), row.getString(2), row.getLong(3), row.getBoolean(4));
            if (now.bytesBehind() <= 0) {
              break;
            }
            if (!Instant.now().isBefore(deadline)) {
              behind.add(now);
              break;
            }
            if (!said) {
              progress.say("waiting for " + now.describe() + ", to replay past " + position + " " + why + " (--replica-timeout " + timeoutSeconds + ")");
              said = true;
            }
          }
          Thread.sleep(Math.min(200, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
        }
      } catch (SQLException e) {
        throw new AdminFailure(ExitCode.DATABASE, "cannot read the replay position of replica " + replica.url().describe() + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AdminFailure(ExitCode.INCOMPLETE, "interrupted while waiting for replica " + replica.url().describe() + "; run the command again");
      }
    }
    return behind;
  }

  /** The set of replicas as one string (host, port and database of each, sorted): what the journal compares between runs. */
  String identity(DatabaseOptions.Database primary) {
    return String.join(" ", urls.stream().map(url -> primary.at(DatabaseOptions.parse(url)).url().describe()).sorted().distinct().toList());
  }

  void validate() {
    if (timeoutSeconds < 0) {
      throw new AdminFailure(ExitCode.USAGE, "--replica-timeout must be at least 0");
    }
    urls.forEach(DatabaseOptions::parse);
  }
}
