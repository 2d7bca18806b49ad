package dev.banata.vault.jdbc;

import dev.banata.vault.config.EncryptedColumn;
import dev.banata.vault.config.Identifier;
import dev.banata.vault.config.VaultConfig;
import dev.banata.vault.internal.sql.ResultLayout;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The result of {@code DatabaseMetaData.getColumns} with encrypted columns described by their
 * logical type ({@code DATA_TYPE} and {@code TYPE_NAME}), as {@code ResultSetMetaData} does, so that
 * schema validators (e.g. Hibernate's) see a {@code date} column where the entity has a date, not
 * the {@code text} that stores its envelope. Every other column of the result is forwarded.
 */
abstract class CatalogColumnsResultSet extends VaultResultSet {

  /** Positions fixed by {@code DatabaseMetaData.getColumns}. */
  private static final int TABLE_NAME = 3;
  private static final int COLUMN_NAME = 4;
  private static final int DATA_TYPE = 5;
  private static final int TYPE_NAME = 6;

  private final VaultConfig config;

  CatalogColumnsResultSet(ResultSet delegate, VaultConfig config) {
    super(delegate, null, ResultLayout.none());
    this.config = config;
  }

  static ResultSet wrap(ResultSet delegate, VaultConfig config) throws SQLException {
    return WrapperFactory.create(CatalogColumnsResultSet.class, delegate, config);
  }

  /** The logical type of the current row's column when it is encrypted. */
  private Optional<LogicalType> logical() throws SQLException {
    String table = delegate.getString(TABLE_NAME);
    String column = delegate.getString(COLUMN_NAME);
    if (table == null || column == null) {
      return Optional.empty();
    }
    Optional<EncryptedColumn> encrypted = config.column(Identifier.exact(table), Identifier.exact(column));
    return encrypted.map(c -> LogicalType.of(c.type()));
  }

  private int indexOf(String label) throws SQLException {
    return delegate.findColumn(label);
  }

  @Override
  public int getInt(int column) throws SQLException {
    if (column == DATA_TYPE) {
      Optional<LogicalType> logical = logical();
      if (logical.isPresent()) {
        return logical.get().sqlType();
      }
    }
    return delegate.getInt(column);
  }

  @Override
  public String getString(int column) throws SQLException {
    if (column == TYPE_NAME) {
      Optional<LogicalType> logical = logical();
      if (logical.isPresent()) {
        return logical.get().typeName();
      }
    }
    return delegate.getString(column);
  }

  @Override
  public Object getObject(int column) throws SQLException {
    if (column == DATA_TYPE || column == TYPE_NAME) {
      Optional<LogicalType> logical = logical();
      if (logical.isPresent()) {
        return column == DATA_TYPE ? (Object) logical.get().sqlType() : logical.get().typeName();
      }
    }
    return delegate.getObject(column);
  }

  @Override
  public int getInt(String label) throws SQLException {
    return getInt(indexOf(label));
  }

  @Override
  public String getString(String label) throws SQLException {
    return getString(indexOf(label));
  }

  @Override
  public Object getObject(String label) throws SQLException {
    return getObject(indexOf(label));
  }
}
