/**
 * A Spring PetClinic-style application (owners, pets, vets; Spring Boot + Spring Data JPA) adopting
 * the vault with no change to its code: the starter in {@code pom.xml}, {@code vault.yaml}, and
 * {@code @Encrypted} on four fields (one of them on a {@code @MappedSuperclass}). docs/FRAMEWORKS.md,
 * "Adopting an existing application: the PetClinic sample".
 *
 * <p>May use: {@code dev.banata.vault.annotations}, Spring Boot, Spring Data JPA. Nothing else of the
 * vault.
 */
package dev.banata.vault.samples.petclinic;
