package dev.banata.vault.samples.springboot;

import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The application's business operations on customers, unchanged by the adoption of the vault. */
@Service
public class CustomerService {

  private final CustomerRepository customers;

  public CustomerService(CustomerRepository customers) {
    this.customers = customers;
  }

  /** Registers a new customer; an e-mail address can be registered once. */
  @Transactional
  public Customer register(String name, String email, String ssn, LocalDate birthDate) {
    if (customers.existsByEmail(email)) {
      throw new IllegalArgumentException("that e-mail address is already registered");
    }
    return customers.save(new Customer(name, email, ssn, birthDate));
  }

  /** A page of customers in name order. */
  @Transactional(readOnly = true)
  public Page<Customer> list(int page, int size) {
    return customers.findAll(PageRequest.of(page, size, Sort.by("name")));
  }

  @Transactional(readOnly = true)
  public Optional<Customer> findByEmail(String email) {
    return customers.findByEmail(email);
  }

  /** Changes a customer's e-mail address, found by the old one. */
  @Transactional
  public Customer changeEmail(String oldEmail, String newEmail) {
    Customer customer = customers.findByEmail(oldEmail).orElseThrow(() -> new NoSuchElementException("no customer with that e-mail"));
    customer.setEmail(newEmail);
    return customer;
  }
}
