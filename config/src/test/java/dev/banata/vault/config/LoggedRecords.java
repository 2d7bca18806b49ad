package dev.banata.vault.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one logger wrote during a test. System.Logger's default backend is java.util.logging, so a
 * JUL handler on the logger of the same name sees every record.
 */
final class LoggedRecords extends Handler implements BeforeEachCallback, AfterEachCallback {

  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LoggedRecords(Class<?> loggingClass) {
    // Kept in a field: JUL holds loggers weakly, and a collected logger would lose the handler.
    this.logger = Logger.getLogger(loggingClass.getName());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    records.clear();
    logger.addHandler(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.removeHandler(this);
  }

  /** {@code LEVEL message} of each record, in order. */
  List<String> lines() {
    return records.stream().map(record -> record.getLevel() + " " + record.getMessage()).toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
