package dev.banata.vault.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * Peer (c): Apache ShardingSphere-JDBC 5.5.2's encrypt feature, configured the way its documentation
 * shows, over the same HikariCP pool of plain pgjdbc connections as (a) and (b). The application
 * sees plaintext columns; ShardingSphere parses each statement, rewrites it and encrypts parameters
 * and decrypts results. {@code email} and {@code ssn} are stored with its {@code AES} encryptor (one
 * key each); {@code email} also gets an assisted-query column {@code email_assisted} (its {@code MD5}
 * encryptor, salted), to which ShardingSphere rewrites {@code WHERE email = ?}.
 *
 * <p>What ShardingSphere's {@code AES} encryptor is, read from its 5.5.2 source: {@code Cipher.getInstance("AES")}
 * (ECB, PKCS#5 padding) with the first 16 bytes of SHA-1 of the configured key, so AES-128, no IV and
 * no integrity: cheaper per value than AES-256-GCM, and weaker. The comparison is of what a user
 * gets by choosing each, not of equal cryptography.
 */
final class ShardingSphereEncrypt {

  private ShardingSphereEncrypt() {}

  static DataSource dataSource(DataSource physical, String table) throws SQLException {
    String yaml = """
        databaseName: bench
        mode:
          type: Standalone
          repository:
            type: JDBC
        rules:
        - !ENCRYPT
          tables:
            %s:
              columns:
                email:
                  cipher:
                    name: email
                    encryptorName: email_aes
                  assistedQuery:
                    name: email_assisted
                    encryptorName: email_md5
                ssn:
                  cipher:
                    name: ssn
                    encryptorName: ssn_aes
          encryptors:
            email_aes:
              type: AES
              props:
                aes-key-value: benchmark-only-fake-email-key
                digest-algorithm-name: SHA-1
            ssn_aes:
              type: AES
              props:
                aes-key-value: benchmark-only-fake-ssn-key
                digest-algorithm-name: SHA-1
            email_md5:
              type: MD5
              props:
                salt: benchmark-only-fake-salt
        props:
          sql-show: false
        """.formatted(table);
    try {
      return YamlShardingSphereDataSourceFactory.createDataSource(physical, yaml.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new SQLException("ShardingSphere refused the benchmark's configuration", e);
    }
  }
}
