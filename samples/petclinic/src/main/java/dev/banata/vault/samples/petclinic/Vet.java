package dev.banata.vault.samples.petclinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A veterinarian: a {@link Person}, so {@code vets.last_name} is encrypted like {@code owners.last_name}. */
@Entity
@Table(name = "vets")
public class Vet extends Person {}
