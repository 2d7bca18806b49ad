package dev.banata.vault.samples.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.banata.vault.OrganizationVault;
import dev.banata.vault.Vault;
import dev.banata.vault.jdbc.HikariRejectionOverride;
import dev.banata.vault.EncryptRequest;
import dev.banata.vault.VaultException;
import dev.banata.vault.VaultSecret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quickstart's steps, in order. Each step prints what it does and checks what it claims; the
 * application side uses only what an application would: a HikariCP pool on a {@code jdbc:vault:}
 * URL, plain JDBC, the {@link Vault} API. The "attacker" side is a plain {@code jdbc:postgresql:}
 * connection, and the operator side the admin command.
 */
final class QuickstartFlow {

  static final List<Customer> CUSTOMERS = List.of(
      new Customer(1, "Ada Lovelace", "ada@example.com", "078-05-1120", LocalDate.of(1815, 12, 10)),
      new Customer(2, "Grace Hopper", "grace@example.com", "219-09-9999", LocalDate.of(1906, 12, 9)),
      new Customer(3, "Alan Turing", "alan@example.com", "457-55-5462", LocalDate.of(1912, 6, 23)));

  private static final String SECRET_CONTEXT = "payment-processing";
  private static final String ORGANIZATION = "org_quickstart";
  private static final String SECRET_DATA = "sk_test_quickstart_not_a_real_key_4242";

  private static final String INSERT = "INSERT INTO customers (id, name, email, ssn, birth_date) VALUES (?, ?, ?, ?, ?)";
  private static final String SELECT_ALL = "SELECT id, name, email, ssn, birth_date FROM customers ORDER BY id";
  private static final String BY_EMAIL = "SELECT id, name FROM customers WHERE email = ?";
  private static final String LIKE = "SELECT id, name FROM customers WHERE email LIKE ?";

  private final QuickstartDatabase database;
  private final Narrator narrator;
  private final AdminCalls admin;

  QuickstartFlow(QuickstartDatabase database, Narrator narrator) {
    this.database = database;
    this.narrator = narrator;
    this.admin = new AdminCalls(database);
  }

  void run() throws SQLException {
    createCustomersTable();
    installVaultTables();
    try (HikariDataSource pool = applicationPool()) {
      insertCustomers(pool);
      readThroughTheVault(pool, "Read them back through jdbc:vault: — plaintext again");
      readAsTheDatabaseSeesIt();
      lookUpByEmail(pool);
      rejectLike(pool);
      try (Vault vault = Vault.create(pool)) {
        String secretId = storeVaultSecret(vault);
        status("Status before the rotation (vault-admin status)", 1);
        rotate();
        status("Status after the rotation", 2);
        keepsWorkingAfterRotation(pool, vault, secretId);
      }
    }
    verify();
  }

  private void createCustomersTable() throws SQLException {
    narrator.step("Create the customers table (plain SQL: the encrypted columns are ordinary text columns)");
    String ddl = "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, ssn text, birth_date text)";
    narrator.sql(ddl);
    try (Connection connection = database.plainConnection(); Statement statement = connection.createStatement()) {
      statement.execute(ddl);
    }
    narrator.check(tableExists("customers"), "table customers exists in schema " + database.schema());
  }

  private void installVaultTables() throws SQLException {
    narrator.step("Install the vault tables (admin command, in this JVM)");
    AdminCalls.Outcome install = show(admin.run("install"));
    narrator.check(install.exitCode() == 0, "vault-admin install exits with 0");
    narrator.check(tableExists("vault_secret") && tableExists("vault_key") && tableExists("vault_audit_event"),
        "vault_secret, vault_key and vault_audit_event exist");
    narrator.check(install.out().contains("key version 1 recorded"), "key version 1 is recorded for the current master secret");
  }

  private HikariDataSource applicationPool() {
    HikariConfig config = new HikariConfig();
    // The one change an application makes: jdbc:postgresql: becomes jdbc:vault:postgresql:.
    config.setJdbcUrl(database.vaultUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(4);
    config.setPoolName("quickstart");
    // A refused statement (SQLState 0A000) was never sent: tell HikariCP not to evict the connection for it.
    config.setExceptionOverrideClassName(HikariRejectionOverride.class.getName());
    return new HikariDataSource(config);
  }

  private void insertCustomers(HikariDataSource pool) throws SQLException {
    narrator.step("Insert customers through jdbc:vault: (HikariCP pool, plain JDBC)");
    narrator.say("JDBC URL: " + withoutSecrets(database.vaultUrl()));
    narrator.say("encrypted columns, from @Encrypted on " + Customer.class.getName() + ":");
    narrator.say("  email (deterministic), ssn (randomized, context pii), birth_date (randomized, type date)");
    narrator.sql(INSERT);
    int inserted = 0;
    try (Connection connection = pool.getConnection(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Customer customer : CUSTOMERS) {
        insert.setLong(1, customer.id());
        insert.setString(2, customer.name());
        insert.setString(3, customer.email());
        insert.setString(4, customer.ssn());
        insert.setObject(5, customer.birthDate());
        inserted += insert.executeUpdate();
        narrator.say("  " + customer);
      }
    }
    narrator.check(inserted == CUSTOMERS.size(), CUSTOMERS.size() + " rows inserted");
  }

  private void readThroughTheVault(HikariDataSource pool, String title) throws SQLException {
    narrator.step(title);
    narrator.sql(SELECT_ALL);
    List<Customer> read = new ArrayList<>();
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SELECT_ALL)) {
      while (rows.next()) {
        Customer customer = new Customer(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
            rows.getObject(5, LocalDate.class));
        read.add(customer);
        narrator.say(String.format("  %d | %-12s | %-17s | %s | %s", customer.id(), customer.name(), customer.email(), customer.ssn(),
            customer.birthDate()));
      }
    }
    narrator.check(read.equals(CUSTOMERS), "every row reads back exactly as inserted (birth_date as a LocalDate)");
  }

  private void readAsTheDatabaseSeesIt() throws SQLException {
    narrator.step("The same rows through a plain jdbc:postgresql: connection — what a dump, a backup or a DBA sees");
    narrator.sql(SELECT_ALL);
    boolean allCiphertext = true;
    boolean namesPlain = true;
    List<String> emails = new ArrayList<>();
    try (Connection connection = database.plainConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SELECT_ALL)) {
      int index = 0;
      while (rows.next()) {
        Customer original = CUSTOMERS.get(index++);
        String email = rows.getString(3);
        String ssn = rows.getString(4);
        String birthDate = rows.getString(5);
        emails.add(email);
        narrator.say(String.format("  %d | %-12s | email=%s", rows.getLong(1), rows.getString(2), shorten(email)));
        narrator.say(String.format("  %16s | ssn=%s  birth_date=%s", "", shorten(ssn), shorten(birthDate)));
        namesPlain &= original.name().equals(rows.getString(2));
        allCiphertext &= isCiphertextOf(email, original.email()) && isCiphertextOf(ssn, original.ssn())
            && isCiphertextOf(birthDate, original.birthDate().toString());
      }
    }
    narrator.check(allCiphertext, "email, ssn and birth_date hold only ciphertext envelopes, no plaintext");
    narrator.check(namesPlain, "name, which is not configured, is stored as it was written");
    narrator.check(emails.stream().distinct().count() == emails.size(), "different e-mails give different ciphertexts");
  }

  private void lookUpByEmail(HikariDataSource pool) throws SQLException {
    narrator.step("Look a customer up by e-mail (deterministic column: equality works on ciphertext)");
    narrator.sql(BY_EMAIL + "   -- ? = 'grace@example.com'");
    List<String> found = findByEmail(pool, "grace@example.com");
    found.forEach(row -> narrator.say("  " + row));
    narrator.check(found.equals(List.of("2 | Grace Hopper")), "exactly one row, customer 2");
  }

  private List<String> findByEmail(HikariDataSource pool, String email) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection connection = pool.getConnection(); PreparedStatement query = connection.prepareStatement(BY_EMAIL)) {
      query.setString(1, email);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getLong(1) + " | " + rows.getString(2));
        }
      }
    }
    return found;
  }

  private void rejectLike(HikariDataSource pool) throws SQLException {
    narrator.step("Try a LIKE on the encrypted e-mail: refused before it reaches the database (fail closed)");
    narrator.sql(LIKE + "   -- ? = '%@example.com'");
    try (Connection connection = pool.getConnection()) {
      SQLException rejected = null;
      try (PreparedStatement query = connection.prepareStatement(LIKE)) {
        query.setString(1, "%@example.com");
        query.executeQuery().close();
      } catch (SQLException e) {
        rejected = e;
        narrator.say(e.getClass().getSimpleName() + " [SQLState " + e.getSQLState() + "]: " + e.getMessage());
      }
      narrator.check(rejected != null && "0A000".equals(rejected.getSQLState()), "an SQLException with SQLState 0A000 (feature not supported)");
      narrator.check(rejected.getMessage().contains("customers.email") && rejected.getMessage().contains("LIKE"),
          "the message names the column and the operation");
      try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery("SELECT count(*) FROM customers")) {
        count.next();
        narrator.check(count.getLong(1) == CUSTOMERS.size(), "the same pooled connection keeps working (HikariRejectionOverride)");
      }
    }
  }

  private String storeVaultSecret(Vault vault) throws SQLException {
    narrator.step("Store and read a Vault secret, bound to a context and an organization");
    EncryptRequest request = EncryptRequest.builder()
        .name("stripe-api-key").data(SECRET_DATA).context(SECRET_CONTEXT).organizationId(ORGANIZATION)
        .metadata(Map.of("provider", "stripe")).build();
    String id = vault.encrypt(request);
    narrator.say("vault.encrypt(name=stripe-api-key, context=" + SECRET_CONTEXT + ", organizationId=" + ORGANIZATION + ") -> " + id);
    VaultSecret secret = vault.get(id);
    narrator.say("vault.get(id) -> name=" + secret.name() + ", context=" + secret.context() + ", organization=" + secret.organizationId()
        + ", metadata=" + secret.metadata() + " (never the value)");
    String data = vault.decrypt(id, SECRET_CONTEXT);
    narrator.say("vault.decrypt(id, \"" + SECRET_CONTEXT + "\") -> " + data);
    narrator.check(id.startsWith("vsec_") && SECRET_DATA.equals(data), "the id starts with vsec_ and decrypt returns the stored value");

    String storedValue;
    try (Connection connection = database.plainConnection(); PreparedStatement row = connection.prepareStatement(
        "SELECT encrypted_value FROM vault_secret WHERE id = ?")) {
      row.setString(1, id);
      try (ResultSet result = row.executeQuery()) {
        result.next();
        storedValue = result.getString(1);
      }
    }
    narrator.say("vault_secret.encrypted_value as stored: " + shorten(storedValue));
    narrator.check(!storedValue.contains(SECRET_DATA), "the table holds ciphertext only");

    String wrongContext = failureOf(() -> vault.decrypt(id, "email"));
    narrator.say("vault.decrypt(id, \"email\") -> " + wrongContext);
    narrator.check("Decryption failed".equals(wrongContext), "a wrong context is \"Decryption failed\"");

    OrganizationVault otherTenant = vault.forOrganization("org_someone_else");
    String otherOrganization = failureOf(() -> otherTenant.decrypt(id, SECRET_CONTEXT));
    narrator.say("vault.forOrganization(\"org_someone_else\").decrypt(id, ...) -> " + otherOrganization);
    narrator.check("Vault secret not found".equals(otherOrganization), "another organization cannot even see it");
    narrator.check(SECRET_DATA.equals(vault.forOrganization(ORGANIZATION).decrypt(id, SECRET_CONTEXT)),
        "its own organization decrypts it");
    return id;
  }

  private void status(String title, int expectedVersion) throws SQLException {
    narrator.step(title);
    AdminCalls.Outcome status = show(admin.run("status"));
    narrator.check(status.exitCode() == 0, "vault-admin status exits with 0");
    narrator.check(storedKeyVersions().stream().allMatch(v -> v == expectedVersion),
        "every stored ciphertext (customers and vault_secret) is at key version " + expectedVersion);
  }

  private void rotate() throws SQLException {
    narrator.step("Rotate the keys (admin command, online; the application keeps its pool open)");
    narrator.say("--settle-seconds 0: no other application instance writes meanwhile; in production keep the default");
    AdminCalls.Outcome rotate = show(admin.run("rotate", "--settle-seconds", "0"));
    narrator.check(rotate.exitCode() == 0, "vault-admin rotate exits with 0");
    narrator.check(primaryKeyVersion() == 2, "key version 2 is the primary version in vault_key");
  }

  private void keepsWorkingAfterRotation(HikariDataSource pool, Vault vault, String secretId) throws SQLException {
    readThroughTheVault(pool, "The application keeps working, without a restart: read everything back");
    narrator.say("(a ciphertext naming version 2 made the driver re-read vault_key at once)");
    narrator.sql(BY_EMAIL + "   -- ? = 'alan@example.com'");
    List<String> found = findByEmail(pool, "alan@example.com");
    found.forEach(row -> narrator.say("  " + row));
    narrator.check(found.equals(List.of("3 | Alan Turing")), "the e-mail lookup still finds customer 3");
    narrator.check(SECRET_DATA.equals(vault.decrypt(secretId, SECRET_CONTEXT)) && vault.get(secretId).version() == 2,
        "the Vault secret decrypts, now at key version 2");
  }

  private void verify() {
    narrator.step("Verify: decrypt every ciphertext in the database (admin command)");
    AdminCalls.Outcome verify = show(admin.run("verify"));
    narrator.check(verify.exitCode() == 0, "vault-admin verify exits with 0");
    narrator.check(verify.out().contains(", 0 failures"), "no value fails to decrypt");
  }

  private AdminCalls.Outcome show(AdminCalls.Outcome outcome) {
    narrator.say("$ " + outcome.commandLine());
    narrator.block(outcome.printed());
    return outcome;
  }

  private boolean tableExists(String table) throws SQLException {
    try (Connection connection = database.plainConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?")) {
      query.setString(1, table);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1) == 1;
      }
    }
  }

  /** The key version of every stored ciphertext, read as the database holds it. */
  private List<Integer> storedKeyVersions() throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection connection = database.plainConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT email, ssn, birth_date FROM customers")) {
        while (rows.next()) {
          for (int column = 1; column <= 3; column++) {
            versions.add(StoredCiphertext.keyVersionOf(rows.getString(column)));
          }
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT version FROM vault_secret")) {
        while (rows.next()) {
          versions.add(rows.getInt(1));
        }
      }
    }
    return versions;
  }

  private int primaryKeyVersion() throws SQLException {
    try (Connection connection = database.plainConnection(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT max(version) FROM vault_key WHERE retired_at IS NULL")) {
      result.next();
      return result.getInt(1);
    }
  }

  private static boolean isCiphertextOf(String stored, String plaintext) {
    return stored != null && StoredCiphertext.isEnvelope(stored) && !stored.contains(plaintext);
  }

  private static String failureOf(Runnable call) {
    try {
      call.run();
      return "(no error)";
    } catch (VaultException e) {
      return e.getMessage();
    }
  }

  private static String shorten(String value) {
    return value == null || value.length() <= 40 ? String.valueOf(value) : value.substring(0, 40) + "... (" + value.length() + " chars)";
  }

  private static String withoutSecrets(String url) {
    return url.replaceAll("([?&]password=)[^&]*", "$1***");
  }
}
