package dev.banata.vault.boot.scanned.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/** An application whose entities live outside its own package, named by {@code @EntityScan}. */
@SpringBootApplication
@EntityScan("dev.banata.vault.boot.scanned.model")
public class EntityScanApplication {}
