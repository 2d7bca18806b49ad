package dev.banata.vault.boot.own;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** An application that builds its own, non-pooled data source (no HikariCP to reconfigure). */
@SpringBootApplication
public class OwnDataSourceApplication {

  @Bean
  DataSource dataSource(Environment environment) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(environment.getRequiredProperty("spring.datasource.url"));
    dataSource.setUser(environment.getProperty("spring.datasource.username"));
    dataSource.setPassword(environment.getProperty("spring.datasource.password"));
    return dataSource;
  }
}
