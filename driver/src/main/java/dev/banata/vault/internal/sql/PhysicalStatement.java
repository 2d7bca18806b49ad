package dev.banata.vault.internal.sql;

import java.util.List;
import java.util.Objects;

/**
 * The SQL to send for one number of live key versions, and where each value goes. Immutable and
 * shared by every execution of the plan with that version count.
 *
 * <p>With one live version and no literal to encrypt, {@link #sql()} is the application's SQL
 * unchanged. With more, each MATCH parameter occupies one slot per live version
 * ({@code email = ?} is sent as {@code email IN (?, ?)}, {@code email <> ?} as
 * {@code email NOT IN (?, ?)}, every item of {@code email IN (?, ?)} expands in place).
 */
public final class PhysicalStatement {

  private final int liveVersions;
  private final SqlTemplate template;
  private final String sql;
  private final List<PhysicalSlot> slots;
  /** [parameterIndex - 1][versionIndex] → physical index; VALUE and PLAIN parameters have one entry. */
  private final int[][] physicalIndexes;

  PhysicalStatement(int liveVersions, SqlTemplate template, String sql, List<PhysicalSlot> slots, int[][] physicalIndexes) {
    this.liveVersions = liveVersions;
    this.template = template;
    this.sql = sql;
    this.slots = List.copyOf(slots);
    this.physicalIndexes = physicalIndexes;
  }

  /** The live key version count this layout was made for. */
  public int liveVersions() {
    return liveVersions;
  }

  /** True when the SQL carries literals to encrypt: use {@link #render(LiteralEncryptor)}, not {@link #sql()}. */
  public boolean hasLiterals() {
    return sql == null;
  }

  /**
   * The SQL to prepare or execute.
   *
   * @throws IllegalStateException when the statement has literals to encrypt ({@link #hasLiterals()})
   */
  public String sql() {
    if (sql == null) {
      throw new IllegalStateException("this statement has literals to encrypt: render it per execution");
    }
    return sql;
  }

  /**
   * The SQL to send with every literal for an encrypted column replaced by its ciphertext literal
   * (text envelopes quoted as SQL strings, bytea envelopes as {@code '\x..'::bytea}). Call it on
   * every execution; nothing of the result is kept. Without literals it returns {@link #sql()}.
   */
  public String render(LiteralEncryptor encryptor) {
    Objects.requireNonNull(encryptor, "encryptor");
    return sql != null ? sql : template.render(liveVersions, encryptor);
  }

  /** The number of {@code ?} in the physical SQL. */
  public int parameterCount() {
    return slots.size();
  }

  /** Every physical {@code ?} in order (index 0 is physical parameter 1). */
  public List<PhysicalSlot> slots() {
    return slots;
  }

  /**
   * Where the value of application parameter {@code parameterIndex} goes: for PLAIN and VALUE the
   * only slot ({@code versionIndex} 0); for MATCH the slot of live version {@code versionIndex}
   * (0 = primary).
   *
   * @throws IndexOutOfBoundsException for an index the SQL does not have
   */
  public int physicalIndex(int parameterIndex, int versionIndex) {
    return physicalIndexes[parameterIndex - 1][versionIndex];
  }

  /** How many physical slots application parameter {@code parameterIndex} occupies (1, or the live version count for MATCH). */
  public int slotCount(int parameterIndex) {
    return physicalIndexes[parameterIndex - 1].length;
  }

  @Override
  public String toString() {
    return "PhysicalStatement[liveVersions=" + liveVersions + ", parameters=" + slots.size() + ", literals=" + hasLiterals() + "]";
  }
}
