package dev.banata.vault.orm;

import dev.banata.vault.annotations.Encrypted;
import dev.banata.vault.annotations.Mode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/**
 * An entity with an encrypted field of every Java type the vault encodes, so that each of
 * Hibernate's JDBC bindings (setBigDecimal, setInt, setBoolean, setObject with java.time and UUID,
 * setBytes) and reads meets the driver.
 */
@Entity
@Table(name = "accounts")
public class Account {

  @Id
  private Long id;

  private String owner;

  @Encrypted
  private BigDecimal balance;

  @Encrypted
  private Integer visits;

  @Encrypted
  private Long points;

  @Encrypted
  private Boolean vip;

  @Encrypted
  @Column(name = "opened_at")
  private LocalDateTime openedAt;

  @Encrypted
  @Column(name = "last_login")
  private Instant lastLogin;

  /** Deterministic UUID: looked up by equality. */
  @Encrypted(mode = Mode.DETERMINISTIC)
  @Column(name = "external_id")
  private UUID externalId;

  /** Bytes in a bytea column: the envelope is stored as raw bytes. */
  @Encrypted
  private byte[] photo;

  protected Account() {}

  public Account(Long id, String owner) {
    this.id = id;
    this.owner = owner;
  }

  public Long getId() {
    return id;
  }

  public String getOwner() {
    return owner;
  }

  public BigDecimal getBalance() {
    return balance;
  }

  public Account setBalance(BigDecimal balance) {
    this.balance = balance;
    return this;
  }

  public Integer getVisits() {
    return visits;
  }

  public Account setVisits(Integer visits) {
    this.visits = visits;
    return this;
  }

  public Long getPoints() {
    return points;
  }

  public Account setPoints(Long points) {
    this.points = points;
    return this;
  }

  public Boolean getVip() {
    return vip;
  }

  public Account setVip(Boolean vip) {
    this.vip = vip;
    return this;
  }

  public LocalDateTime getOpenedAt() {
    return openedAt;
  }

  public Account setOpenedAt(LocalDateTime openedAt) {
    this.openedAt = openedAt;
    return this;
  }

  public Instant getLastLogin() {
    return lastLogin;
  }

  public Account setLastLogin(Instant lastLogin) {
    this.lastLogin = lastLogin;
    return this;
  }

  public UUID getExternalId() {
    return externalId;
  }

  public Account setExternalId(UUID externalId) {
    this.externalId = externalId;
    return this;
  }

  public byte[] getPhoto() {
    return photo;
  }

  public Account setPhoto(byte[] photo) {
    this.photo = photo;
    return this;
  }
}
