package dev.banata.vault.samples.petclinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A kind of pet ("cat", "dog"): plain, although it shares {@link NamedEntity}'s {@code name} with {@link Pet}. */
@Entity
@Table(name = "types")
public class PetType extends NamedEntity {}
