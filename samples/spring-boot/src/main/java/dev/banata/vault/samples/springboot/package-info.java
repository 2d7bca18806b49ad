/**
 * An ordinary Spring Boot + Spring Data JPA application on the starter: adopting the vault changed
 * its {@code application.properties} and added {@code @Encrypted} to three fields of
 * {@link dev.banata.vault.samples.springboot.Customer}; its code is otherwise what it was.
 *
 * <p>May use: {@code dev.banata.vault.annotations}, Spring Boot, Spring Data JPA. Nothing else of the
 * vault: that it needs nothing else is the point of the sample.
 */
package dev.banata.vault.samples.springboot;
