package dev.banata.vault.boot.app;

import dev.banata.vault.VaultAuditEvent;
import dev.banata.vault.VaultAuditListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** An application's audit listener: a bean, and nothing else, so the starter must hand it to the Vault. */
@Component
public class RecordedAuditEvents implements VaultAuditListener {

  public final List<VaultAuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(VaultAuditEvent event) {
    events.add(event);
  }
}
