package dev.banata.vault.samples.petclinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A PetClinic-style Spring Boot + Spring Data JPA application. Adopting Banata Vault added the starter
 * to {@code pom.xml}, {@code vault.yaml}, and {@code @Encrypted} on four fields; its code, its
 * {@code application.properties} datasource URL and its {@code schema.sql} are as they were.
 *
 * <p>Run it against a PostgreSQL database with {@code BETTER_AUTH_SECRET} set in the environment.
 */
@SpringBootApplication
public class PetClinicApplication {

  public static void main(String[] args) {
    SpringApplication.run(PetClinicApplication.class, args);
  }
}
