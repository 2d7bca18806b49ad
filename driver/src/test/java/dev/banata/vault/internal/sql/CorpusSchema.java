package dev.banata.vault.internal.sql;

import dev.banata.vault.annotations.Mode;
import dev.banata.vault.annotations.ValueType;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.SearchOptions;
import dev.banata.vault.config.UnparseableSqlPolicy;
import dev.banata.vault.config.VaultConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The schema the SQL tests analyse against: what is encrypted (a {@link VaultConfig}) and the
 * tables' columns in order (an in-memory {@link TableCatalog}).
 *
 * <pre>
 * customers(id, name, email, ssn, birth_date, created_at)    email deterministic, context customer-email; ssn randomized, context pii;
 *                                                             birth_date randomized, type date
 * archive_customers(id, email, ssn)                          same encryption as customers (contexts customer-email, pii)
 * orders(id, customer_id, email, total, note)                email deterministic, context customer-email
 * accounts(id, email, token bytea, api_key)                  email deterministic (own context), token deterministic bytea,
 *                                                             api_key randomized
 * "Vault Users"(id, "Login")                                  "Login" deterministic (quoted identifiers)
 * products(id, name, price)                                   nothing encrypted
 * staging, plain_archive(id, name, email, ssn, birth_date,     nothing encrypted (customers' shape: ETL sources and targets)
 *   created_at)
 * leads(id, name)                                             nothing encrypted
 * people(id, first_name, last_name, email, nick, secret)      last_name search: prefix; email search: prefix, ignore-case,
 *                                                             prefix-length 8; nick deterministic; secret randomized
 * visits(id, visit_date)                                      visit_date deterministic, type date
 * any other table                                             unknown to the catalog (no columns listed)
 * </pre>
 */
final class CorpusSchema {

  private CorpusSchema() {}

  static VaultConfig config(UnparseableSqlPolicy policy) {
    return VaultConfig.builder()
        .table("customers").primaryKey("id")
            .column("email", Mode.DETERMINISTIC, "customer-email", ValueType.TEXT, "test")
            .column("ssn", Mode.RANDOMIZED, "pii", ValueType.TEXT, "test")
            .column("birth_date", Mode.RANDOMIZED, null, ValueType.DATE, "test").and()
        .table("archive_customers")
            .column("email", Mode.DETERMINISTIC, "customer-email", ValueType.TEXT, "test")
            .column("ssn", Mode.RANDOMIZED, "pii", ValueType.TEXT, "test").and()
        .table("orders")
            .column("email", Mode.DETERMINISTIC, "customer-email", ValueType.TEXT, "test").and()
        .table("accounts")
            .column("email", Mode.DETERMINISTIC)
            .column("token", Mode.DETERMINISTIC, null, ValueType.BYTES, "test")
            .column("api_key", Mode.RANDOMIZED).and()
        .table("\"Vault Users\"")
            .column("\"Login\"", Mode.DETERMINISTIC).and()
        .table("people")
            .column("last_name", Mode.DETERMINISTIC, null, ValueType.TEXT, OptionalInt.empty(), SearchOptions.prefix(false, 16), "test")
            .column("email", Mode.DETERMINISTIC, null, ValueType.TEXT, OptionalInt.empty(), SearchOptions.prefix(true, 8), "test")
            .column("nick", Mode.DETERMINISTIC)
            .column("secret", Mode.RANDOMIZED).and()
        .table("visits")
            .column("visit_date", Mode.DETERMINISTIC, null, ValueType.DATE, "test").and()
        .onUnparseableSql(policy)
        .build();
  }

  static VaultConfig config() {
    return config(UnparseableSqlPolicy.REJECT);
  }

  static InMemoryCatalog catalog() {
    return new InMemoryCatalog()
        .table("customers", "id:int8", "name:text", "email:text", "ssn:text", "birth_date:text", "created_at:timestamptz")
        .table("archive_customers", "id:int8", "email:text", "ssn:text")
        .table("orders", "id:int8", "customer_id:int8", "email:text", "total:numeric", "note:text")
        .table("accounts", "id:int8", "email:text", "token:bytea", "api_key:text")
        .table("\"Vault Users\"", "id:int8", "\"Login\":text")
        .table("products", "id:int8", "name:text", "price:numeric")
        .table("staging", "id:int8", "name:text", "email:text", "ssn:text", "birth_date:text", "created_at:timestamptz")
        .table("plain_archive", "id:int8", "name:text", "email:text", "ssn:text", "birth_date:text", "created_at:timestamptz")
        .table("leads", "id:int8", "name:text")
        .table("people", "id:int8", "first_name:text", "last_name:text", "email:text", "nick:text", "secret:text")
        .table("visits", "id:int8", "visit_date:text");
  }

  /** An in-memory catalog that counts its lookups. */
  static final class InMemoryCatalog implements TableCatalog {
    private final Map<Identifier, List<TableColumn>> tables = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

    InMemoryCatalog table(String name, String... columns) {
      List<TableColumn> list = new ArrayList<>();
      for (String column : columns) {
        int colon = column.lastIndexOf(':');
        list.add(new TableColumn(Identifier.of(column.substring(0, colon)), column.substring(colon + 1)));
      }
      tables.put(Identifier.of(name), list);
      return this;
    }

    @Override
    public List<TableColumn> columns(Identifier schema, Identifier table) {
      lookups.incrementAndGet();
      return tables.getOrDefault(table, List.of());
    }

    int lookups() {
      return lookups.get();
    }
  }
}
