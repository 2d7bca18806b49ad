package dev.banata.vault.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A plain entity (nothing encrypted) that refers to a {@link Customer}: joins cross into encrypted columns. */
@Entity
@Table(name = "purchase_orders")
public class PurchaseOrder {

  @Id
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "customer_id")
  private Customer customer;

  @Column(precision = 12, scale = 2)
  private BigDecimal total;

  protected PurchaseOrder() {}

  public PurchaseOrder(Long id, Customer customer, BigDecimal total) {
    this.id = id;
    this.customer = customer;
    this.total = total;
  }

  public Long getId() {
    return id;
  }

  public Customer getCustomer() {
    return customer;
  }

  public BigDecimal getTotal() {
    return total;
  }
}
