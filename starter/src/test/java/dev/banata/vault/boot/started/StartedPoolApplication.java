package dev.banata.vault.boot.started;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** An application that starts its HikariCP pool itself ({@code new HikariDataSource(config)}): sealed, so it is wrapped. */
@SpringBootApplication
public class StartedPoolApplication {

  @Bean
  HikariDataSource dataSource(Environment environment) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
    config.setUsername(environment.getProperty("spring.datasource.username"));
    config.setPassword(environment.getProperty("spring.datasource.password"));
    config.setMaximumPoolSize(1);
    return new HikariDataSource(config);
  }
}
