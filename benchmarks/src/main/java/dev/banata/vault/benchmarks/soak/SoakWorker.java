package dev.banata.vault.benchmarks.soak;

import dev.banata.vault.benchmarks.soak.SoakStats.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * One application thread of the soak, at a fixed rate. Worker {@code w} of {@code n} owns the rows
 * with {@code id % n == w}: it is their only writer, so "the last write it was acknowledged for"
 * is exact, and it keeps that model. A write whose call failed is <em>in doubt</em> (the crash may
 * have hidden its commit): the row may hold it or the last acknowledged one, and nothing else.
 * Reads of its own rows are checked against the model; a 1000-row scan also reads other workers'
 * rows and checks that email and ssn of each row come from one write of that row.
 *
 * <p>Every plaintext value carries {@link #MARKER}, which neither SQL nor a ciphertext (base64, hex)
 * contains: one search of the server log for it finds every plaintext value written.
 */
final class SoakWorker implements Runnable {

  static final String MARKER = "soak~";
  static final String TABLE = "soak_rows";

  /** What the model knows of one row. */
  static final class Row {
    /** The tag of the last acknowledged write; null for an insert in doubt. */
    String acknowledged;
    /** Tags of writes since then whose outcome an error hid. */
    final Set<String> inDoubt = new LinkedHashSet<>();

    boolean accepts(String tag) {
      return tag.equals(acknowledged) || inDoubt.contains(tag);
    }
  }

  static String email(String tag) {
    return MARKER + tag + "@example.com";
  }

  static String ssn(String tag) {
    return MARKER + "ssn~" + tag;
  }

  /** The tag of a stored email, or null when it is not one the soak writes. */
  static String tagOfEmail(String email) {
    return email != null && email.startsWith(MARKER) && email.endsWith("@example.com")
        ? email.substring(MARKER.length(), email.length() - "@example.com".length()) : null;
  }

  static String tagOfSsn(String ssn) {
    return ssn != null && ssn.startsWith(MARKER + "ssn~") ? ssn.substring(MARKER.length() + 4) : null;
  }

  /** A write's tag: the row and the worker's sequence number, so that no two writes write the same value. */
  static String tag(long id, long seq) {
    return id + "~" + seq;
  }

  private final int worker;
  private final int workers;
  private final DataSource pool;
  private final SoakStats stats;
  private final Random random;
  private final long intervalNanos;
  private final long endNanos;
  private final long graceNanos;
  private final AtomicLong highestId;
  private final Map<Long, Row> rows = new HashMap<>();
  /** Ids of rows with an acknowledged value: the targets of updates and reads. */
  private final List<Long> known = new ArrayList<>();
  private long nextInsertId;
  private long seq = 1;
  private volatile Throwable crash;

  SoakWorker(int worker, int workers, DataSource pool, SoakStats stats, long seed, long intervalNanos, long endNanos, long graceNanos,
      int initialRows, AtomicLong highestId) {
    this.worker = worker;
    this.workers = workers;
    this.pool = pool;
    this.stats = stats;
    this.random = new Random(seed * 1_000_003L + worker);
    this.intervalNanos = intervalNanos;
    this.endNanos = endNanos;
    this.graceNanos = graceNanos;
    this.highestId = highestId;
    for (long id = 1; id <= initialRows; id++) {
      if (id % workers == worker) {
        Row row = new Row();
        row.acknowledged = tag(id, 0);
        rows.put(id, row);
        known.add(id);
      }
    }
    long first = initialRows + 1;
    this.nextInsertId = first + Math.floorMod(worker - first, workers);
  }

  Map<Long, Row> rows() {
    return rows;
  }

  Throwable crash() {
    return crash;
  }

  @Override
  public void run() {
    try {
      long next = System.nanoTime();
      while (true) {
        long now = System.nanoTime();
        if (now >= endNanos) {
          return;
        }
        if (next > now) {
          LockSupport.parkNanos(Math.min(next, endNanos) - now);
          continue;
        }
        if (now - next > 1_000_000_000L) {
          // More than a second behind (the server was away, or the host is saturated): do not burst to catch up.
          stats.late((now - next) / intervalNanos);
          next = now;
        }
        next += intervalNanos;
        operate();
      }
    } catch (Throwable e) {
      crash = e;
    }
  }

  private void operate() {
    int draw = random.nextInt(100);
    Kind kind = draw < 15 ? Kind.INSERT : draw < 50 ? Kind.UPDATE : draw < 80 ? Kind.POINT_SELECT : draw < 95 ? Kind.EMAIL_SELECT : Kind.SCAN_1000;
    long began = System.nanoTime();
    try {
      switch (kind) {
        case INSERT -> insert();
        case UPDATE -> update(pick());
        case POINT_SELECT -> pointSelect(pick());
        case EMAIL_SELECT -> emailSelect(pick());
        case SCAN_1000 -> scan();
      }
      stats.ok(kind, began);
    } catch (SQLException | RuntimeException e) {
      stats.error(kind, began, e, graceNanos);
    }
  }

  private long pick() {
    return known.get(random.nextInt(known.size()));
  }

  private void insert() throws SQLException {
    long id = nextInsertId;
    nextInsertId += workers;
    String tag = tag(id, seq++);
    Row row = new Row();
    row.inDoubt.add(tag);
    rows.put(id, row);
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id, email, ssn) VALUES (?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, email(tag));
      insert.setString(3, ssn(tag));
      insert.executeUpdate();
    }
    row.acknowledged = tag;
    row.inDoubt.clear();
    known.add(id);
    highestId.accumulateAndGet(id, Math::max);
  }

  private void update(long id) throws SQLException {
    String tag = tag(id, seq++);
    Row row = rows.get(id);
    row.inDoubt.add(tag);
    int updated;
    try (Connection connection = pool.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE + " SET email = ?, ssn = ? WHERE id = ?")) {
      update.setString(1, email(tag));
      update.setString(2, ssn(tag));
      update.setLong(3, id);
      updated = update.executeUpdate();
    }
    if (updated != 1) {
      stats.wrongAnswer("UPDATE of row " + id + " changed " + updated + " rows");
      return;
    }
    row.acknowledged = tag;
    row.inDoubt.clear();
  }

  private void pointSelect(long id) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT email, ssn FROM " + TABLE + " WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet found = select.executeQuery()) {
        if (!found.next()) {
          stats.wrongAnswer("row " + id + " not found by id");
          return;
        }
        checkOwn(id, found.getString(1), found.getString(2), "by id");
      }
    }
  }

  private void emailSelect(long id) throws SQLException {
    Row row = rows.get(id);
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, email, ssn FROM " + TABLE + " WHERE email = ?")) {
      select.setString(1, email(row.acknowledged));
      try (ResultSet found = select.executeQuery()) {
        if (!found.next()) {
          if (row.inDoubt.isEmpty()) {
            stats.wrongAnswer("row " + id + " not found by its email");
          }
          return; // with a write in doubt the row may hold another email now
        }
        if (found.getLong(1) != id) {
          stats.wrongAnswer("the email of row " + id + " found row " + found.getLong(1));
          return;
        }
        checkOwn(id, found.getString(2), found.getString(3), "by email");
        if (found.next()) {
          stats.wrongAnswer("the email of row " + id + " found two rows");
        }
      }
    }
  }

  private void scan() throws SQLException {
    long from = 1 + (long) (random.nextDouble() * Math.max(1, highestId.get() - 1000));
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT id, email, ssn FROM " + TABLE + " WHERE id >= ? ORDER BY id LIMIT 1000")) {
      select.setLong(1, from);
      long count = 0;
      try (ResultSet found = select.executeQuery()) {
        while (found.next()) {
          count++;
          long id = found.getLong(1);
          String email = found.getString(2);
          String ssn = found.getString(3);
          if (id % workers == worker) {
            checkOwn(id, email, ssn, "by a scan");
          } else {
            String tag = tagOfEmail(email);
            if (tag == null || !tag.equals(tagOfSsn(ssn)) || !tag.startsWith(id + "~")) {
              stats.wrongAnswer("a scan read row " + id + " with email and ssn not of one write of it");
            }
          }
        }
      }
      stats.scanned(count);
    }
  }

  private void checkOwn(long id, String email, String ssn, String how) {
    Row row = rows.get(id);
    String tag = tagOfEmail(email);
    if (tag == null || !tag.equals(tagOfSsn(ssn))) {
      stats.wrongAnswer("row " + id + " read " + how + ": email and ssn not of one write");
    } else if (row == null || !row.accepts(tag)) {
      stats.wrongAnswer("row " + id + " read " + how + ": write " + tag + ", neither its last acknowledged write "
          + (row == null ? null : row.acknowledged) + " nor one in doubt");
    }
  }
}
