package dev.banata.vault.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary Spring Boot application: its package is its auto-configuration package, which the
 * starter reads {@code @Encrypted} classes from ({@link Contact}) without any vault setting.
 */
@SpringBootApplication
public class StarterTestApplication {}
