package javax.persistence;

/** Test stand-in for JPA's enum of the same name, so the tests need no JPA jar. */
public enum InheritanceType {
  SINGLE_TABLE,
  TABLE_PER_CLASS,
  JOINED
}
