package dev.banata.vault.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@link VaultConfig#warnings() warning} about a superclass field that a package scan encrypts in several tables. */
final class SuperclassFieldsInSeveralTables {

  private SuperclassFieldsInSeveralTables() {}

  /**
   * One warning per {@code @Encrypted} field of a superclass ({@code @MappedSuperclass}, or an entity
   * whose subclasses have tables of their own) that lands in several tables when a package scan alone
   * put it in at least one of them: the scan reaches every entity below the superclass, including
   * ones nobody meant to encrypt. Naming each entity in annotated-classes says it was meant.
   * Fields of embeddables are left out: an {@code @Embeddable} is embedded on purpose.
   */
  static List<ConfigWarning> warnings(Map<Identifier, Map<Identifier, List<Declaration>>> declarationsByTable) {
    Map<String, Map<Identifier, List<Declaration.AnnotatedField>>> byField = new LinkedHashMap<>();
    declarationsByTable.forEach((table, columns) -> columns.forEach((column, places) -> places.forEach(place -> {
      if (place instanceof Declaration.AnnotatedField field) {
        byField.computeIfAbsent(field.field(), key -> new LinkedHashMap<>()).computeIfAbsent(table, key -> new ArrayList<>()).add(field);
      }
    })));
    List<ConfigWarning> warnings = new ArrayList<>();
    byField.forEach((field, landings) -> {
      boolean inherited = landings.values().stream().flatMap(List::stream).anyMatch(Declaration.AnnotatedField::inherited);
      boolean scannedOnly = landings.values().stream().anyMatch(places -> places.stream().allMatch(Declaration.AnnotatedField::packageScan));
      if (landings.size() < 2 || !inherited || !scannedOnly) {
        return;
      }
      List<String> shown = new ArrayList<>();
      Set<String> scans = new LinkedHashSet<>();
      List<Declaration> all = new ArrayList<>();
      landings.forEach((table, places) -> {
        shown.add(table.name() + places.get(0).reachedFrom().map(from -> " (from " + from + ")").orElse(""));
        places.stream().filter(Declaration.AnnotatedField::packageScan).forEach(place -> scans.add(place.via()));
        all.addAll(places);
      });
      warnings.add(new ConfigWarning(field + ": this @Encrypted field of a superclass is encrypted in " + landings.size()
          + " tables: " + String.join(", ", shown) + ", found by " + String.join(" and ", scans)
          + "; if each of them is meant to be encrypted, list those entities in annotated-classes, which silences this"
          + " warning; otherwise move @Encrypted from the superclass to the entities that need it", all));
    });
    return warnings;
  }
}
