package dev.banata.vault.samples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary Spring Boot + Spring Data JPA application. Adopting Banata Vault changed two lines of
 * {@code application.properties} (the datasource URL and driver class) and added {@code @Encrypted}
 * to three fields of {@link Customer}; no code here knows about encryption.
 *
 * <p>Run it against a PostgreSQL database with {@code BETTER_AUTH_SECRET} set in the environment.
 */
@SpringBootApplication
public class CustomerApplication {

  public static void main(String[] args) {
    SpringApplication.run(CustomerApplication.class, args);
  }
}
