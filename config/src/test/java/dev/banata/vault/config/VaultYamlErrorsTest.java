package dev.banata.vault.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in vault.yaml is an error naming the file, the line and the key. */
class VaultYamlErrorsTest {

  @TempDir Path directory;
  private ConfigFiles files;
  private String file;

  @BeforeEach
  void files() {
    files = new ConfigFiles(directory);
    file = files.file();
  }

  private AbstractThrowableAssert<?, ? extends Throwable> loading(String yaml) {
    return assertThatThrownBy(() -> files.load(yaml)).isInstanceOf(ConfigException.class);
  }

  @Test
  void anUnknownTopLevelKeyIsNamedWithItsLine() {
    loading("""
        tables: {}
        plaintext-read: allow
        """).hasMessage(file + ":2: plaintext-read: unknown key 'plaintext-read'; allowed here: keys, tables,"
        + " annotated-classes, annotated-packages, on-unparseable-sql, plaintext-reads");
  }

  @Test
  void anUnknownKeyInATableIsNamedWithItsPath() {
    loading("""
        tables:
          customers:
            primary-key: id
            colums:
              email: {}
        """).hasMessage(file + ":4: tables.customers.colums: unknown key 'colums'; allowed here: primary-key, columns");
  }

  @Test
  void anUnknownKeyInAColumnIsNamedWithItsPath() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, contex: pii }
        """).hasMessage(file + ":5: tables.customers.columns.email.contex: unknown key 'contex'; allowed here: mode, context, type, scale, search, ignore-case, prefix-length");
  }

  @Test
  void anUnknownKeyUnderKeysIsNamed() {
    loading("""
        keys:
          secret: BETTER_AUTH_SECRET
        """).hasMessage(file + ":2: keys.secret: unknown key 'secret'; allowed here: secret-env, previous-secrets-env");
  }

  @Test
  void anUnknownModeIsNamedWithTheAllowedOnes() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email:
                mode: determinstic
        """).hasMessage(file + ":6: tables.customers.columns.email.mode: unknown mode 'determinstic'; write one of randomized | deterministic");
  }

  @Test
  void anUnknownTypeIsNamedWithTheAllowedOnes() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              birth_date: { type: datetime }
        """).hasMessage(file + ":5: tables.customers.columns.birth_date.type: unknown type 'datetime'; write one of "
        + "text | bytes | smallint | integer | bigint | decimal | boolean | date | timestamp | timestamptz | uuid | json");
  }

  @Test
  void typeAutoBelongsToAnnotationsOnly() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              birth_date: { type: auto }
        """).hasMessageStartingWith(file + ":5: tables.customers.columns.birth_date.type: type auto exists only in annotations");
  }

  @Test
  void anUnknownPolicyValueIsNamedWithTheAllowedOnes() {
    loading("""
        on-unparseable-sql: ignore
        """).hasMessage(file + ":1: on-unparseable-sql: 'ignore' is not one of reject | passthrough");
    loading("""
        plaintext-reads: sometimes
        """).hasMessage(file + ":1: plaintext-reads: 'sometimes' is not one of reject | allow");
  }

  @Test
  void aTableWithoutPrimaryKeyIsAnErrorBecauseRotationNeedsIt() {
    loading("""
        tables:
          customers:
            columns:
              email: { mode: deterministic }
        """).hasMessage(file + ":2 (tables.customers): table customers has encrypted columns but no primary key;"
        + " declare it (primary-key in vault.yaml, @EncryptedTable(primaryKey) or JPA @Id):"
        + " rotate and encrypt-existing rewrite rows by primary key");
  }

  @Test
  void anEncryptedPrimaryKeyIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: email
            columns:
              email: { mode: deterministic }
        """).hasMessage(file + ":5 (tables.customers.columns.email): column customers.email is the table's primary key ("
        + file + ":3 (tables.customers.primary-key)) and cannot be encrypted: rotation finds rows by it");
  }

  @Test
  void aTableWithoutColumnsIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: id
        """).hasMessage(file + ":2: tables.customers.columns: the table declares no encrypted columns; list them under columns");
    loading("""
        tables:
          customers:
        """).hasMessage(file + ":2: tables.customers: declares no columns; add primary-key and columns, or remove the table");
  }

  @Test
  void anEmptyContextIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, context: "" }
        """).hasMessage(file + ":5: tables.customers.columns.email.context: is empty; leave the key out for the default <table>.<column>");
  }

  @Test
  void aBlankOrPaddedContextIsNotUsable() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, context: "   " }
        """).hasMessage(file + ":5 (tables.customers.columns.email): the context of column customers.email is blank;"
        + " leave it out for the default table.column");
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, context: "pii " }
        """).hasMessage(file + ":5 (tables.customers.columns.email): the context of column customers.email starts or ends"
        + " with white space, which would be part of the key derivation");
  }

  @Test
  void aDeterministicColumnCannotTakeAnotherColumnsDefaultContext() {
    // customers.email's default context is "customers.email"; a second column claiming it would let
    // equality on one column match the other's ciphertexts.
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
          leads:
            primary-key: id
            columns:
              email: { mode: deterministic, context: customers.email }
        """).hasMessage(file + ":9 (tables.leads.columns.email): column leads.email would share the context 'customers.email'"
        + " with column customers.email (" + file + ":5 (tables.customers.columns.email)); a context is shared only when"
        + " both columns set it explicitly to something other than a table.column name");
  }

  @Test
  void twoColumnsMayShareAnExplicitContext() {
    files.load("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic, context: email-address }
          leads:
            primary-key: id
            columns:
              email: { mode: deterministic, context: email-address }
        """);
  }

  @Test
  void aColumnWrittenTwiceInOneTableIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              email: { mode: deterministic }
              EMAIL: { mode: randomized }
        """).hasMessage(file + ":6: tables.customers.columns.EMAIL: column email is declared twice in this table");
  }

  @Test
  void aTableWrittenTwiceIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns: { email: {} }
          Customers:
            primary-key: id
            columns: { ssn: {} }
        """).hasMessage(file + ":5: tables.Customers: table customers is declared twice in this file");
  }

  @Test
  void aKeyWrittenTwiceIsAnError() {
    loading("""
        plaintext-reads: allow
        plaintext-reads: reject
        """).hasMessage(file + ":2: plaintext-reads: the key is written twice");
  }

  @Test
  void anInvalidIdentifierIsAnErrorWithAHint() {
    loading("""
        tables:
          customers:
            primary-key: id
            columns:
              e mail: {}
        """).hasMessage(file + ":5: tables.customers.columns.e mail: 'e mail' is not a valid SQL identifier;"
        + " quote it to use it exactly, e.g. '\"e mail\"'");
    loading("""
        tables:
          public.customers:
            primary-key: id
            columns:
              email: {}
        """).hasMessageStartingWith(file + ":2: tables.public.customers: 'public.customers' is not a valid SQL identifier;"
        + " write the table without its schema");
  }

  @Test
  void aListWhereAValueIsExpectedIsAnError() {
    loading("""
        tables:
          customers:
            primary-key: [id, tenant]
            columns:
              email: {}
        """).hasMessage(file + ":3: tables.customers.primary-key: must be a single value, not a list or mapping");
  }

  @Test
  void aValueWhereAListIsExpectedIsAnError() {
    loading("""
        annotated-classes: com.example.Customer
        """).hasMessage(file + ":1: annotated-classes: must be a list, e.g. [com.example.Customer]");
  }

  @Test
  void aTopLevelThatIsNotAMappingIsAnError() {
    loading("""
        - tables
        """).hasMessage(file + ":1: (top level): must be a mapping of keys to values");
  }

  @Test
  void invalidYamlNamesTheLineWithoutQuotingTheFile() {
    loading("""
        tables:
          customers:
            primary-key: id
           columns: {}
        """).hasMessageStartingWith(file + ":4: invalid YAML: ")
        .hasMessageNotContaining("columns: {}");
  }

  @Test
  void moreThanOneDocumentIsAnError() {
    loading("""
        plaintext-reads: allow
        ---
        plaintext-reads: reject
        """).hasMessage(file + ":3: (top level): the file holds more than one YAML document; keep only one");
  }

  @Test
  void aSecretPastedAsAVariableNameIsRejectedWithoutEchoingIt() {
    String pasted = "s3cr3t-value-0123456789-abcdefghijklmnop";
    loading("keys:\n  secret-env: " + pasted + "\n")
        .hasMessage(file + ":2: keys.secret-env: must be the name of an environment variable (letters, digits and _), never the secret itself")
        .hasMessageNotContaining(pasted);
  }
}
