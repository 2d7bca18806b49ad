package dev.banata.vault.internal.sql;

import dev.banata.vault.config.Identifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sources visible in one query level, its CTEs, and the enclosing level (for correlated sub-queries). */
final class Scope {

  private final Scope parent;
  private final List<Source> sources = new ArrayList<>();
  private final Map<Identifier, Source> ctes = new HashMap<>();

  Scope(Scope parent) {
    this.parent = parent;
  }

  Scope parent() {
    return parent;
  }

  void addSource(Source source) {
    sources.add(source);
  }

  List<Source> sources() {
    return sources;
  }

  void addCte(Identifier name, Source cte) {
    ctes.put(name, cte);
  }

  /** A CTE of this level or an enclosing one. */
  Source cte(Identifier name) {
    for (Scope scope = this; scope != null; scope = scope.parent) {
      Source found = scope.ctes.get(name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The source named {@code qualifier} (alias or table name) in this level or an enclosing one. */
  Source source(Identifier qualifier) {
    for (Scope scope = this; scope != null; scope = scope.parent) {
      for (Source source : scope.sources) {
        if (qualifier.equals(source.name())) {
          return source;
        }
      }
    }
    return null;
  }
}
